using System.Text;
using Microsoft.Extensions.Time.Testing;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// The search cache: the same page within its lifetime (on the connection's clock) is served as fresh objects with
/// no request and no credit; it is bounded, keyed by the normalised search, refreshed by -NoCache, off at 0, and
/// never shared between connections.
/// </summary>
public class SearchCacheTests
{
    private static SearchRequest Query(string query = "calm piano", int offset = 0, int limit = 20, params string[] genres) =>
        new() { Query = query, Offset = offset, Limit = limit, Genres = genres.Length == 0 ? null : genres };

    /// <summary>An answer of <paramref name="count"/> tracks, as its body and as parsed from it.</summary>
    private static (SearchPage Page, byte[] Body) Answered(string title = "Rain", int count = 1)
    {
        var tracks = string.Join(",", Enumerable.Range(0, count).Select(i => $"{{\"id\":\"trk_{i}\",\"title\":\"{title}\",\"moods\":[\"Calm\"]}}"));
        var body = Encoding.UTF8.GetBytes($"{{\"tracks\":[{tracks}],\"credits_remaining\":299}}");
        return (SearchEndpoint.Parse(body, "calm piano"), body);
    }

    private static void Store(SearchCache cache, SearchRequest request, (SearchPage Page, byte[] Body) answer) =>
        cache.Store(request, answer.Page, answer.Body);

    private static HttpResponseMessage Answer() => Responses.Json(200, Responses.SearchBody(2), ("X-Credits-Remaining", "299"));

    [Fact]
    public void A_page_is_served_until_it_is_as_old_as_the_lifetime()
    {
        var time = new FakeTimeProvider();
        var cache = new SearchCache(TimeSpan.FromMinutes(10), time);
        Store(cache, Query(), Answered());

        time.Advance(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1));
        Assert.True(cache.TryGet(Query(), out var page, out var age));
        Assert.True(page.FromCache);
        Assert.Equal(TimeSpan.FromMinutes(10) - TimeSpan.FromMilliseconds(1), age);

        time.Advance(TimeSpan.FromMilliseconds(1));
        Assert.False(cache.TryGet(Query(), out _, out _));
        Assert.Equal(0, cache.Count);
    }

    [Theory]
    [InlineData("Calm  Piano ", true)]
    [InlineData("calm\tpiano", true)]
    [InlineData("CALM PIANO", true)]
    [InlineData("calm piano music", false)]
    [InlineData("piano calm", false)]
    public void The_query_is_normalised_for_spacing_and_case_only(string query, bool same)
    {
        var cache = new SearchCache(TimeSpan.FromMinutes(10), new FakeTimeProvider());
        Store(cache, Query(), Answered());

        Assert.Equal(same, cache.TryGet(Query(query), out var page, out _));
        if (same)
        {
            Assert.Equal(query, page.Tracks[0].Query);
        }
    }

    [Fact]
    public void Filters_offset_and_limit_are_part_of_the_key_and_list_order_is_not()
    {
        var cache = new SearchCache(TimeSpan.FromMinutes(10), new FakeTimeProvider());
        Store(cache, Query(genres: new[] { "Jazz", "Blues" }), Answered());

        Assert.True(cache.TryGet(Query(genres: new[] { "Blues", "Jazz", "Jazz" }), out _, out _));
        Assert.False(cache.TryGet(Query(genres: new[] { "Jazz" }), out _, out _));
        Assert.False(cache.TryGet(Query(), out _, out _));
        Assert.False(cache.TryGet(Query(offset: 20, genres: new[] { "Jazz", "Blues" }), out _, out _));
        Assert.False(cache.TryGet(Query(limit: 100, genres: new[] { "Jazz", "Blues" }), out _, out _));
        Assert.False(cache.TryGet(new SearchRequest { Query = "calm piano", Genres = new[] { "Jazz", "Blues" }, HasVocals = false }, out _, out _));
    }

    [Fact]
    public void Every_hit_is_a_fresh_copy_that_shares_nothing_with_the_cache()
    {
        var cache = new SearchCache(TimeSpan.FromMinutes(10), new FakeTimeProvider());
        var original = Answered();
        Store(cache, Query(), original);
        original.Page.Tracks[0].Title = "changed after storing";

        Assert.True(cache.TryGet(Query(), out var first, out _));
        first.Tracks[0].Title = "changed by a user";
        first.Tracks[0].Moods[0] = "Angry";

        Assert.True(cache.TryGet(Query(), out var second, out _));
        Assert.NotSame(first.Tracks[0], second.Tracks[0]);
        Assert.Equal("Rain", second.Tracks[0].Title);
        Assert.Equal(new[] { "Calm" }, second.Tracks[0].Moods);
    }

    [Fact]
    public void It_keeps_at_most_its_capacity_dropping_the_oldest_answer_first()
    {
        var cache = new SearchCache(TimeSpan.FromMinutes(10), new FakeTimeProvider());
        for (var i = 0; i <= SearchCache.Capacity; i++)
        {
            Store(cache, Query("query " + i), Answered());
        }

        Assert.Equal(SearchCache.Capacity, cache.Count);
        Assert.False(cache.TryGet(Query("query 0"), out _, out _));
        Assert.True(cache.TryGet(Query("query 1"), out _, out _));
        Assert.True(cache.TryGet(Query("query " + SearchCache.Capacity), out _, out _));
    }

    [Fact]
    public void It_keeps_at_most_its_track_count_in_all_pages_together()
    {
        var cache = new SearchCache(TimeSpan.FromMinutes(10), new FakeTimeProvider());
        var hundred = Answered(count: 100);
        var pages = SearchCache.MaxTracks / 100;
        for (var i = 0; i <= pages; i++)
        {
            Store(cache, Query("query " + i, limit: 100), hundred);
        }

        Assert.Equal(pages, cache.Count);
        Assert.False(cache.TryGet(Query("query 0", limit: 100), out _, out _));
        Assert.True(cache.TryGet(Query("query " + pages, limit: 100), out _, out _));
    }

    [Fact]
    public void A_lifetime_of_zero_turns_it_off()
    {
        var cache = new SearchCache(TimeSpan.Zero, new FakeTimeProvider());
        Store(cache, Query(), Answered());

        Assert.False(cache.Enabled);
        Assert.Equal(0, cache.Count);
        Assert.False(cache.TryGet(Query(), out _, out _));
    }

    [Fact]
    public async Task A_cached_search_sends_nothing_and_spends_nothing()
    {
        var handler = new StubHandler().Respond(Answer);
        using var client = TestClient.Create(handler, creditLimit: 5);
        var observer = new RecordingObserver();

        var first = await client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);
        var call = TestClient.Call(observer: observer);
        var second = await client.SearchAsync(Query("Calm Piano"), call, CancellationToken.None);

        Assert.Single(handler.Requests);
        Assert.False(first.FromCache);
        Assert.True(second.FromCache);
        Assert.Equal(first.Tracks.Select(t => t.Id), second.Tracks.Select(t => t.Id));
        Assert.All(second.Tracks, track => Assert.Equal("Calm Piano", track.Query));
        Assert.Contains(observer.Verbose, line => line.Contains("from cache, no credit spent"));
        Assert.Equal(1, client.Credits.Spent);
        Assert.Equal(0, call.Tally.Charged);
    }

    [Fact]
    public async Task A_refresh_sends_the_search_and_keeps_the_new_answer()
    {
        var handler = new StubHandler()
            .Respond(() => Responses.Json(200, Responses.SearchBody(1)))
            .Respond(() => Responses.Json(200, Responses.SearchBody(3)));
        using var client = TestClient.Create(handler);

        await client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);
        var refreshed = await client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None, refresh: true);
        var cached = await client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
        Assert.False(refreshed.FromCache);
        Assert.True(cached.FromCache);
        Assert.Equal(3, cached.Tracks.Count);
        Assert.Equal(2, client.Credits.Spent);
    }

    [Fact]
    public async Task Failed_searches_are_not_cached()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(400, "{\"error\":\"bad\"}")).Respond(Answer);
        using var client = TestClient.Create(handler);

        await TestClient.Failure(() => client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None));
        await client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Connections_do_not_share_their_caches()
    {
        var handler = new StubHandler().Respond(Answer);
        using var first = TestClient.Connect(handler);
        using var second = TestClient.Connect(handler);

        await first.Client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);
        var page = await second.Client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);

        Assert.False(page.FromCache);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Disconnecting_empties_the_cache()
    {
        var handler = new StubHandler().Respond(Answer);
        var connection = TestClient.Connect(handler);
        await connection.Client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);
        Assert.Equal(1, connection.Client.SearchCache.Count);

        connection.Dispose();

        Assert.Equal(0, connection.Client.SearchCache.Count);
    }
}
