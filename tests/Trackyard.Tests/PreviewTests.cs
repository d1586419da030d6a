using System.Net;
using System.Net.Http.Headers;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// Free previews: fetched through the same transport, the key only to the base URI's scheme, host and port, no
/// credit reserved, past the key's rate limiter, named "&lt;title&gt; (preview).mp3", and URLs checked before sending.
/// </summary>
public sealed class PreviewTests : IDisposable
{
    private const string TrackId = "trk_abc123";
    private readonly string _folder = Directory.CreateTempSubdirectory("trackyard-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    private static HttpResponseMessage Audio(int length = 4000)
    {
        var body = Enumerable.Range(0, length).Select(i => (byte)(i % 251)).ToArray();
        var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) };
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        response.Content.Headers.ContentLength = length;
        return response;
    }

    private static PreviewRequest Preview(string url) => PreviewRequest.From(TrackId, url);

    private Task<FileInfo> SavePreview(TrackyardClient client, string url, string? title = "Neon Drive", CallOptions? call = null) =>
        TrackSaver.SavePreviewAsync(
            client,
            Preview(url),
            new TrackLabel(TrackId, title),
            Path.Combine(_folder, new TrackLabel(TrackId, title).PreviewFileName),
            overwrite: false,
            progressActivityId: 1,
            call ?? TestClient.Call(),
            CancellationToken.None);

    [Theory]
    [InlineData("https://api.trackyard.test/previews/trk_abc123.mp3", true)]
    [InlineData("https://api.trackyard.test:443/p/trk_abc123.mp3?sig=1", true)]
    [InlineData("https://cdn.trackyard.test/previews/trk_abc123.mp3", false)]
    [InlineData("https://api.trackyard.test:8443/previews/trk_abc123.mp3", false)]
    [InlineData("https://trackyard.test/previews/trk_abc123.mp3", false)]
    public async Task The_key_goes_only_to_the_base_URIs_scheme_host_and_port(string url, bool sendsKey)
    {
        var handler = new StubHandler().Respond(() => Audio());
        using var client = TestClient.Create(handler);

        await SavePreview(client, url);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal(new Uri(url), request.Uri);
        Assert.Null(request.Body);
        Assert.Equal(sendsKey ? "Bearer " + TestClient.Key : null, request.Authorization);
    }

    [Fact]
    public async Task A_preview_is_saved_under_its_own_name_and_costs_no_credit_even_with_the_limit_spent()
    {
        var handler = new StubHandler().Respond(() => Audio(5000));
        using var client = TestClient.Create(handler, creditLimit: 0);
        var call = TestClient.Call();

        var file = await SavePreview(client, "https://cdn.trackyard.test/p/trk_abc123.mp3", call: call);

        Assert.Equal("Neon Drive (preview).mp3", file.Name);
        Assert.Equal(5000, file.Length);
        Assert.Equal(0, client.Credits.Spent);
        Assert.Equal(0, call.Tally.Charged + call.Tally.MaybeCharged);
        Assert.DoesNotContain(handler.Requests, request => request.Uri.AbsolutePath.EndsWith("/download-track", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_preview_is_not_held_back_by_the_keys_cooldown_and_its_answer_teaches_the_key_nothing()
    {
        RateLimitSnapshot? seen = null;
        var handler = new StubHandler()
            .Respond(() => Responses.Json(429, "{}", ("Retry-After", "60"), ("X-RateLimit-Remaining", "0")))
            .Respond(() =>
            {
                var audio = Audio();
                audio.Headers.TryAddWithoutValidation("X-RateLimit-Remaining", "999");
                return audio;
            });
        using var client = TestClient.Create(handler, onRateLimit: snapshot => seen = snapshot);
        await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var file = await SavePreview(client, "https://cdn.trackyard.test/p/trk_abc123.mp3");

        Assert.True(file.Exists);
        Assert.Equal(0, seen!.Remaining);
        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Contains("was not sent", ex.Message);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task An_answer_that_is_not_audio_is_not_saved_and_says_it_cost_nothing()
    {
        var handler = new StubHandler().Respond(() => Responses.Raw(200, "<html>sign in</html>", "text/html"));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => SavePreview(client, "https://cdn.trackyard.test/p/trk_abc123.mp3"));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("the preview of track 'trk_abc123' with text/html instead of audio/mpeg", ex.Message);
        Assert.Contains("a preview costs no credit", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Theory]
    [InlineData(null, "has no PreviewUrl")]
    [InlineData("  ", "has no PreviewUrl")]
    [InlineData("/previews/trk_abc123.mp3", "not an http or https address")]
    [InlineData("ftp://cdn.example/p.mp3", "not an http or https address")]
    [InlineData("http://cdn.example/p.mp3", "plain http to another machine")]
    [InlineData("https://user:secret@cdn.example/p.mp3", "contains user information")]
    public void Preview_URLs_the_module_does_not_fetch_are_refused_before_sending(string? url, string problem)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => PreviewRequest.From(TrackId, url));

        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
        Assert.Contains(problem, ex.Message);
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Theory]
    [InlineData("https://cdn.example/p/trk_abc123.mp3")]
    [InlineData("http://127.0.0.2:5080/previews/trk_abc123.mp3")]
    [InlineData("http://localhost:5080/previews/trk_abc123.mp3")]
    public void Https_anywhere_and_plain_http_on_this_machine_are_fetched(string url) =>
        Assert.Equal(new Uri(url), PreviewRequest.From(TrackId, url).Url);

    [Theory]
    [InlineData("Neon Drive", "Neon Drive (preview).mp3")]
    [InlineData("Song.mp3", "Song (preview).mp3")]
    [InlineData("Rise/Fall", "Rise_Fall (preview).mp3")]
    [InlineData(null, "trk_abc123 (preview).mp3")]
    public void A_preview_file_says_it_is_a_preview(string? title, string expected) =>
        Assert.Equal(expected, new TrackLabel(TrackId, title).PreviewFileName);

    [Fact]
    public void A_long_title_is_cut_before_the_preview_mark_never_through_it()
    {
        var name = new TrackLabel(TrackId, new string('x', 400)).PreviewFileName;

        Assert.EndsWith(" (preview).mp3", name);
        Assert.Equal(SafeFileName.MaxStemBytes, System.Text.Encoding.UTF8.GetByteCount(name) - ".mp3".Length);
    }
}
