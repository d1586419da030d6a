using System.Net;
using System.Text.Json;

namespace Trackyard.Emulator.Tests;

/// <summary>
/// Previews served by another emulator (<c>--preview-base-uri</c>, here one on 127.0.0.2), and the request log's
/// record of whether a preview request carried an Authorization header.
/// </summary>
public sealed class PreviewTests : IAsyncLifetime
{
    private EmulatorServer _previews = null!;
    private EmulatorServer _api = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _previews = await EmulatorServer.StartAsync("--urls", "http://127.0.0.2:0");
        _api = await EmulatorServer.StartAsync("--preview-base-uri", _previews.BaseAddress.AbsoluteUri.TrimEnd('/'));
        _http = new HttpClient();
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _api.DisposeAsync();
        await _previews.DisposeAsync();
    }

    [Fact]
    public async Task Preview_urls_point_at_the_other_server_which_serves_and_logs_them()
    {
        using var search = new HttpRequestMessage(HttpMethod.Post, new Uri(_api.BaseAddress, "api/external/v1/search"))
        {
            Content = new StringContent("""{"query":"calm piano","limit":2}""", System.Text.Encoding.UTF8, "application/json"),
        };
        search.Headers.Authorization = new("Bearer", EmulatorTestBase.Pro);
        using var response = await _http.SendAsync(search);
        var tracks = JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("tracks");
        var urls = tracks.EnumerateArray().Select(t => t.GetProperty("preview_url").GetString()!).ToList();
        Assert.All(urls, url => Assert.StartsWith($"{_previews.BaseAddress}previews/", url));

        using (var anonymous = await _http.GetAsync(urls[0]))
        {
            Assert.Equal(HttpStatusCode.OK, anonymous.StatusCode);
            Assert.Equal("audio/mpeg", anonymous.Content.Headers.ContentType?.MediaType);
        }

        using (var withKey = new HttpRequestMessage(HttpMethod.Get, urls[1]))
        {
            withKey.Headers.Authorization = new("Bearer", EmulatorTestBase.Pro);
            using var answer = await _http.SendAsync(withKey);
            Assert.Equal(HttpStatusCode.OK, answer.StatusCode);
        }

        using var missing = await _http.GetAsync(new Uri(_previews.BaseAddress, "previews/nope.mp3"));
        Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);

        var log = await LogAsync(_previews, count: 3);
        Assert.Equal(
            [$"GET {new Uri(urls[0]).AbsolutePath} 200 False", $"GET {new Uri(urls[1]).AbsolutePath} 200 True", "GET /previews/nope.mp3 404 False"],
            log.Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()} {e.GetProperty("status").GetInt32()} {e.GetProperty("has_authorization").GetBoolean()}"));
        Assert.Equal("_pro", log[1].GetProperty("key_suffix").GetString());
        Assert.DoesNotContain(EmulatorTestBase.Pro, (await LogTextAsync(_previews)));

        // The API server's own log holds the search only: its previews were fetched elsewhere.
        Assert.Single(await LogAsync(_api, count: 1));
    }

    /// <summary>The log once it holds <paramref name="count"/> entries (each is added just after its answer ends).</summary>
    private async Task<List<JsonElement>> LogAsync(EmulatorServer server, int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (true)
        {
            var entries = JsonDocument.Parse(await LogTextAsync(server)).RootElement.EnumerateArray().ToList();
            if (entries.Count >= count || DateTime.UtcNow > deadline)
            {
                return entries;
            }

            await Task.Delay(20);
        }
    }

    private Task<string> LogTextAsync(EmulatorServer server) => _http.GetStringAsync(new Uri(server.BaseAddress, "_emulator/requests"));
}
