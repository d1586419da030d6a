using System.Text;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public class ResponseParsingTests
{
    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Full_track_maps_every_field()
    {
        var page = SearchEndpoint.Parse(Utf8("{\"tracks\":[" + Infrastructure.Responses.FullTrack + "],\"credits_remaining\":299}"), "upbeat");

        var track = Assert.Single(page.Tracks);
        Assert.Equal(299, page.CreditsRemaining);
        Assert.Equal("trk_abc123", track.Id);
        Assert.Equal("Neon Drive", track.Title);
        Assert.Equal("Volt", track.Artist);
        Assert.Equal(183.5, track.DurationSeconds);
        Assert.Equal(TimeSpan.FromSeconds(183.5), track.Duration);
        Assert.Equal(128, track.Bpm);
        Assert.Equal("A minor", track.Key);
        Assert.Equal("Electronic", track.Genre);
        Assert.Equal(new[] { "Synthwave" }, track.Subgenres);
        Assert.Equal(new[] { "Upbeat", "Energetic" }, track.Moods);
        Assert.False(track.HasVocals);
        Assert.Equal("high", track.EnergyLevel);
        Assert.Equal(new[] { "synthesizer", "drums" }, track.Instruments);
        Assert.Equal("https://cdn.example/p/trk_abc123.mp3", track.PreviewUrl);
        Assert.Equal("upbeat", track.Query);
        Assert.Equal("Neon Drive — Volt", track.ToString());
    }

    [Fact]
    public void Missing_optional_fields_give_defaults_and_empty_arrays()
    {
        var page = SearchEndpoint.Parse(Utf8("{\"tracks\":[{\"id\":\"trk_1\"}]}"), "q");

        var track = Assert.Single(page.Tracks);
        Assert.Equal("trk_1", track.Id);
        Assert.Equal(string.Empty, track.Title);
        Assert.Equal(0, track.DurationSeconds);
        Assert.Equal(TimeSpan.Zero, track.Duration);
        Assert.Null(track.Bpm);
        Assert.Null(track.HasVocals);
        Assert.Empty(track.Subgenres);
        Assert.Empty(track.Moods);
        Assert.Empty(track.Instruments);
        Assert.Null(page.CreditsRemaining);
    }

    [Fact]
    public void Nulls_everywhere_are_tolerated()
    {
        const string json = """
            {"tracks":[{"id":"trk_1","title":null,"artist":null,"duration_seconds":null,"bpm":null,"key":null,
              "genre":null,"subgenres":null,"moods":[null,"Calm"],"has_vocals":null,"energy_level":null,
              "instruments":null,"preview_url":null}, null],"credits_remaining":null}
            """;

        var page = SearchEndpoint.Parse(Utf8(json), "q");

        var track = Assert.Single(page.Tracks);
        Assert.Equal(new[] { "Calm" }, track.Moods);
        Assert.Empty(track.Subgenres);
        Assert.Null(track.Bpm);
    }

    [Theory]
    [InlineData("{\"tracks\":[{\"id\":\"a\"},{\"id\":\"b\",\"bpm\":\"fast\"}]}", "$.tracks[1].bpm")]
    [InlineData("{\"tracks\":[{\"id\":\"a\",\"moods\":[\"calm\",7]}]}", "$.tracks[0].moods[1]")]
    [InlineData("{\"tracks\":[{\"id\":\"a\"},{\"id\":\"b\"},{\"id\":{}}]}", "$.tracks[2].id")]
    public void A_field_of_the_wrong_type_is_named_by_its_full_path(string json, string path)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => SearchEndpoint.Parse(Utf8(json), "q"));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains(path + ".", ex.Message);
    }

    [Fact]
    public void Unknown_fields_are_ignored()
    {
        const string json = """
            {"tracks":[{"id":"trk_1","title":"X","loudness":-7.5,"nested":{"a":[1,2]},"bpm":90}],"credits_remaining":5,"next":"?", "debug":{"took_ms":3}}
            """;

        var track = Assert.Single(SearchEndpoint.Parse(Utf8(json), "q").Tracks);
        Assert.Equal(90, track.Bpm);
    }

    [Fact]
    public void Empty_track_list_is_an_empty_page()
    {
        Assert.Empty(SearchEndpoint.Parse(Utf8("{\"tracks\":[],\"credits_remaining\":1}"), "q").Tracks);
    }

    [Fact]
    public void Byte_order_mark_is_accepted()
    {
        var body = new byte[] { 0xEF, 0xBB, 0xBF }.Concat(Utf8("{\"tracks\":[]}")).ToArray();
        Assert.Empty(SearchEndpoint.Parse(body, "q").Tracks);
    }

    [Theory]
    [InlineData("{\"tracks\":[{\"id\":\"trk_1\",\"bpm\":\"fast\"}]}", "bpm")]
    [InlineData("{\"tracks\":[{\"id\":\"trk_1\",\"moods\":\"Calm\"}]}", "moods")]
    [InlineData("{\"tracks\":[{\"id\":\"trk_1\",\"has_vocals\":\"yes\"}]}", "has_vocals")]
    [InlineData("{\"tracks\":{\"id\":\"trk_1\"}}", "tracks")]
    [InlineData("{\"tracks\":[],\"credits_remaining\":\"many\"}", "credits_remaining")]
    public void Wrong_types_are_InvalidResponse(string json, string field)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => SearchEndpoint.Parse(Utf8(json), "q"));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains(field, ex.Message);
        Assert.IsType<System.Text.Json.JsonException>(ex.InnerException);
    }

    [Theory]
    [InlineData("{\"credits_remaining\":3}", "no 'tracks'")]
    [InlineData("{\"tracks\":[{\"title\":\"no id\"}]}", "no id")]
    [InlineData("{\"tracks\":[{\"id\":\"trk_1\",\"duration_seconds\":-3}]}", "duration")]
    [InlineData("{\"tracks\":[{\"id\":\"trk_1\",\"duration_seconds\":1e300}]}", "duration")]
    [InlineData("", "empty")]
    [InlineData("null", "null")]
    [InlineData("{\"tracks\":[", "not the JSON")]
    [InlineData("<html><body>502 Bad Gateway</body></html>", "HTML")]
    [InlineData("[1,2,3]", "not the JSON")]
    public void Unreadable_bodies_are_InvalidResponse(string body, string expected)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => SearchEndpoint.Parse(Utf8(body), "q"));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains(expected, ex.Message);
    }

    [Fact]
    public void Account_maps_every_field()
    {
        var account = AccountEndpoint.Parse(Utf8(Infrastructure.Responses.Account));

        Assert.Equal("starter", account.Tier);
        Assert.Equal(250, account.CreditsRemaining);
        Assert.Equal(300, account.MonthlyAllowance);
        Assert.Equal(10, account.RequestsPerMinute);
        Assert.Equal(500, account.RequestsPerDay);
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 0, TimeSpan.Zero), account.CreatedAt);
        Assert.Null(account.LastUsedAt);
    }

    [Fact]
    public void Pro_account_with_unlimited_day_and_unknown_fields()
    {
        var account = AccountEndpoint.Parse(Utf8("""
            {"tier":"pro","credits_remaining":49000,"rate_limit":{"requests_per_minute":300,"requests_per_day":null},"org":{"id":7}}
            """));

        Assert.Equal("pro", account.Tier);
        Assert.Null(account.RequestsPerDay);
        Assert.Null(account.MonthlyAllowance);
        Assert.Null(account.CreatedAt);
    }

    [Fact]
    public void Account_without_tier_says_unknown()
    {
        Assert.Equal("unknown", AccountEndpoint.Parse(Utf8("{}")).Tier);
    }

    [Theory]
    [InlineData("{\"tier\":\"free\",\"created_at\":\"yesterday\"}")]
    [InlineData("{\"tier\":\"free\",\"rate_limit\":{\"requests_per_minute\":\"ten\"}}")]
    [InlineData("{\"tier\":7}")]
    public void Account_with_wrong_types_is_InvalidResponse(string json)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => AccountEndpoint.Parse(Utf8(json)));
        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Oversized_body_without_length_is_refused_while_reading(bool blocking)
    {
        using var content = new StreamContent(new UnknownLengthStream(new byte[300_000]));

        var ex = await Assert.ThrowsAsync<TrackyardApiException>(() =>
            JsonBody.ReadCappedAsync(content, 100_000, truncate: false, blocking, CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("larger than", ex.Message);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Oversized_content_length_is_refused_before_reading(bool blocking)
    {
        using var content = new ByteArrayContent(new byte[10]);
        content.Headers.ContentLength = JsonBody.MaxBytes + 1L;

        var ex = await Assert.ThrowsAsync<TrackyardApiException>(() =>
            JsonBody.ReadCappedAsync(content, JsonBody.MaxBytes, truncate: false, blocking, CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task Error_bodies_are_truncated_not_refused(bool blocking, bool lengthKnown)
    {
        var body = new byte[300_000];
        using var content = new StreamContent(lengthKnown ? new MemoryStream(body) : new UnknownLengthStream(body));

        var bytes = await JsonBody.ReadCappedAsync(content, ErrorBody.MaxBytes, truncate: true, blocking, CancellationToken.None);

        Assert.Equal(ErrorBody.MaxBytes, bytes.Length);
    }

    [Theory]
    [InlineData(false, false)]
    [InlineData(false, true)]
    [InlineData(true, false)]
    [InlineData(true, true)]
    public async Task A_body_is_read_whole_with_or_without_a_length(bool blocking, bool lengthKnown)
    {
        var body = Enumerable.Range(0, 70_000).Select(i => (byte)i).ToArray();
        using var content = new StreamContent(lengthKnown ? new MemoryStream(body) : new UnknownLengthStream(body));

        var bytes = await JsonBody.ReadCappedAsync(content, JsonBody.MaxBytes, truncate: false, blocking, CancellationToken.None);

        Assert.Equal(body, bytes);
    }

    [Fact]
    public async Task A_blocking_read_that_stalls_ends_when_cancelled()
    {
        using var stalled = new StalledStream();
        using var content = new StreamContent(stalled);
        using var cancellation = new CancellationTokenSource(TimeSpan.FromMilliseconds(200));

        var read = Task.Run(() => JsonBody.ReadCappedAsync(content, JsonBody.MaxBytes, truncate: false, blocking: true, cancellation.Token));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => read.WaitAsync(TimeSpan.FromSeconds(30)));
        Assert.True(stalled.Disposed);
    }

    /// <summary>A body whose length is not known in advance (as a chunked answer).</summary>
    private sealed class UnknownLengthStream(byte[] body) : MemoryStream(body)
    {
        public override bool CanSeek => false;
    }

    /// <summary>A body that sends nothing until it is closed, then fails as a closed connection does.</summary>
    private sealed class StalledStream : ReadOnlyTestStream
    {
        private readonly ManualResetEventSlim _closed = new();

        internal bool Disposed => _closed.IsSet;

        public override int Read(byte[] buffer, int offset, int count)
        {
            _closed.Wait();
            throw new ObjectDisposedException(nameof(StalledStream));
        }

        protected override void Dispose(bool disposing)
        {
            _closed.Set();
            base.Dispose(disposing);
        }
    }
}
