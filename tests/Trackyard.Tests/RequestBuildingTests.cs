using System.Text.Json;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public class RequestBuildingTests
{
    [Fact]
    public async Task Get_account_sends_GET_me_with_bearer_and_user_agent()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.Account));
        using var client = TestClient.Create(handler);

        var account = await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        Assert.Equal("starter", account.Tier);
        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://api.trackyard.test/api/external/v1/me", request.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + TestClient.Key, request.Authorization);
        Assert.Null(request.Body);
        Assert.Matches(@"^Trackyard-PowerShell/\d+\.\d+\.\d+\S* PowerShell/7\.6\.9 \([^()]+\)$", request.UserAgent);
    }

    [Fact]
    public async Task Search_sends_snake_case_body_with_every_filter()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.SearchBody(0)));
        using var client = TestClient.Create(handler);
        var search = new SearchRequest
        {
            Query = "moody piano",
            Limit = 100,
            Offset = 200,
            Genres = new[] { "Hip Hop", "R&B" },
            Moods = new[] { "Calm" },
            Instruments = new[] { "piano" },
            EnergyLevel = "High",
            MinBpm = 60,
            MaxBpm = 90.5,
            HasVocals = false,
        };

        await client.SearchAsync(search, TestClient.Call(), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("/api/external/v1/search", request.Uri.AbsolutePath);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        using var body = JsonDocument.Parse(request.Body!);
        var root = body.RootElement;
        Assert.Equal("moody piano", root.GetProperty("query").GetString());
        Assert.Equal(100, root.GetProperty("limit").GetInt32());
        Assert.Equal(200, root.GetProperty("offset").GetInt32());
        var filters = root.GetProperty("filters");
        Assert.Equal(new[] { "Hip Hop", "R&B" }, filters.GetProperty("genres").EnumerateArray().Select(e => e.GetString()));
        Assert.Equal("Calm", filters.GetProperty("moods")[0].GetString());
        Assert.Equal("piano", filters.GetProperty("instruments")[0].GetString());
        Assert.Equal("high", filters.GetProperty("energy_level").GetString());
        Assert.Equal(60, filters.GetProperty("min_bpm").GetDouble());
        Assert.Equal(90.5, filters.GetProperty("max_bpm").GetDouble());
        Assert.False(filters.GetProperty("has_vocals").GetBoolean());
        Assert.Equal(7, filters.EnumerateObject().Count());
    }

    [Fact]
    public async Task Search_without_filters_omits_the_filters_object()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.SearchBody(0)));
        using var client = TestClient.Create(handler);

        await client.SearchAsync(new SearchRequest { Query = "q", Genres = Array.Empty<string>(), Moods = new[] { " " } }, TestClient.Call(), CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(handler.Requests).Body!);
        Assert.Equal(new[] { "query", "limit", "offset" }, body.RootElement.EnumerateObject().Select(p => p.Name));
        Assert.Equal(20, body.RootElement.GetProperty("limit").GetInt32());
        Assert.Equal(0, body.RootElement.GetProperty("offset").GetInt32());
    }

    [Fact]
    public async Task Only_given_filters_are_sent()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.SearchBody(0)));
        using var client = TestClient.Create(handler);

        await client.SearchAsync(new SearchRequest { Query = "q", HasVocals = true }, TestClient.Call(), CancellationToken.None);

        using var body = JsonDocument.Parse(Assert.Single(handler.Requests).Body!);
        var filters = body.RootElement.GetProperty("filters");
        Assert.Equal("has_vocals", Assert.Single(filters.EnumerateObject()).Name);
        Assert.True(filters.GetProperty("has_vocals").GetBoolean());
    }

    [Fact]
    public async Task Search_stamps_the_query_on_each_track_and_reports_credits()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.SearchBody(3, credits: 41)));
        using var client = TestClient.Create(handler);

        var page = await client.SearchAsync(new SearchRequest { Query = "calm" }, TestClient.Call(), CancellationToken.None);

        Assert.Equal(new[] { "trk_0", "trk_1", "trk_2" }, page.Tracks.Select(t => t.Id));
        Assert.All(page.Tracks, t => Assert.Equal("calm", t.Query));
        Assert.Equal(41, page.CreditsRemaining);
    }

    [Fact]
    public async Task Rate_limit_headers_are_recorded_on_the_connection()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.Account,
            ("X-RateLimit-Limit", "10"), ("X-RateLimit-Remaining", "7"), ("X-RateLimit-Limit-Daily", "500"),
            ("X-RateLimit-Remaining-Daily", "garbage"), ("X-Credits-Remaining", "250"), ("RateLimit-Reset", "31")));
        using var connection = TestClient.Connect(handler);

        await connection.Client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var snapshot = connection.LastRateLimit!;
        Assert.Equal(10, snapshot.Limit);
        Assert.Equal(7, snapshot.Remaining);
        Assert.Equal(500, snapshot.LimitDaily);
        Assert.Null(snapshot.RemainingDaily);
        Assert.Equal(250, snapshot.CreditsRemaining);
        Assert.Equal(TimeSpan.FromSeconds(31), snapshot.ResetAfter);
    }

    [Fact]
    public async Task Verbose_lines_name_method_path_and_status_but_no_headers()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.Account, ("X-Credits-Remaining", "5")));
        using var client = TestClient.Create(handler);
        var observer = new RecordingObserver();

        await client.GetAccountAsync(TestClient.Call(observer: observer), CancellationToken.None);

        Assert.Contains(observer.Verbose, line => line.StartsWith("GET /me: 200 OK", StringComparison.Ordinal));
        Assert.Contains(observer.Debug, line => line.Contains("credits 5"));
        Assert.DoesNotContain(observer.Verbose.Concat(observer.Debug), line => line.Contains("Bearer") || line.Contains(TestClient.Key));
    }

    [Theory]
    [InlineData("https://api.trackyard.com/api/external/v1/", "https://api.trackyard.com/api/external/v1/search")]
    [InlineData("https://api.trackyard.com/api/external/v1", "https://api.trackyard.com/api/external/v1/search")]
    [InlineData("https://api.trackyard.com/api/external/v1//", "https://api.trackyard.com/api/external/v1/search")]
    [InlineData("http://127.0.0.1:5000/", "http://127.0.0.1:5000/api/external/v1/search")]
    [InlineData("http://127.0.0.1:5000", "http://127.0.0.1:5000/api/external/v1/search")]
    public void Base_uri_is_normalised(string baseUri, string expectedSearchUri)
    {
        var normalised = BaseUriPolicy.Normalize(new Uri(baseUri));

        Assert.False(normalised.AbsolutePath.Length > 1 && normalised.AbsolutePath.EndsWith('/'));
        Assert.Equal(expectedSearchUri, BaseUriPolicy.Combine(normalised, "search").AbsoluteUri);
    }
}
