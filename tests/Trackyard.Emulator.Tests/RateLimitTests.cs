using System.Diagnostics;
using System.Net;

namespace Trackyard.Emulator.Tests;

/// <summary>Rate limits on a server whose "minute" is 2 s and whose "day" is 4 s.</summary>
public sealed class RateLimitTests(ShortWindowFixture fixture) : EmulatorTestBase(fixture), IClassFixture<ShortWindowFixture>
{
    [Fact]
    public async Task Per_minute_limit_gives_429_with_retry_after_and_waiting_that_long_succeeds()
    {
        await AddKeyAsync("test_key_minute3", perMinute: 3);
        for (var i = 2; i >= 0; i--)
        {
            using var ok = await GetAsync("/me", "test_key_minute3");
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
            Assert.Equal(3, HeaderNumber(ok, "X-RateLimit-Limit"));
            Assert.Equal(i, HeaderNumber(ok, "X-RateLimit-Remaining"));
        }

        using var limited = await SearchAsync("test_key_minute3", new { query = "jazz" });
        var body = await AssertErrorAsync(limited, 429, "rate_limited", "Too Many Requests");
        var limitedAt = Stopwatch.StartNew();
        var retryAfter = HeaderNumber(limited, "Retry-After");
        Assert.InRange(retryAfter!.Value, 1, 2);
        Assert.Equal(retryAfter, body.GetProperty("retry_after").GetInt64());
        Assert.Equal(0, HeaderNumber(limited, "X-RateLimit-Remaining"));
        Assert.InRange(HeaderNumber(limited, "RateLimit-Reset")!.Value, 1, retryAfter.Value);

        await WaitAtLeastAsync(limitedAt, TimeSpan.FromSeconds(retryAfter.Value));
        using var after = await SearchAsync("test_key_minute3", new { query = "jazz" });
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Per_day_limit_gives_429_until_the_day_window_frees_up()
    {
        await AddKeyAsync("test_key_day2", perDay: 2);
        for (var i = 1; i >= 0; i--)
        {
            using var ok = await GetAsync("/me", "test_key_day2");
            Assert.Equal(2, HeaderNumber(ok, "X-RateLimit-Limit-Daily"));
            Assert.Equal(i, HeaderNumber(ok, "X-RateLimit-Remaining-Daily"));
            Assert.Null(Header(ok, "X-RateLimit-Limit"));
            Assert.Null(Header(ok, "RateLimit-Reset"));
        }

        using var limited = await GetAsync("/me", "test_key_day2");
        await AssertErrorAsync(limited, 429, "rate_limited");
        var limitedAt = Stopwatch.StartNew();
        var retryAfter = HeaderNumber(limited, "Retry-After")!.Value;
        Assert.InRange(retryAfter, 3, 4);
        Assert.Equal(0, HeaderNumber(limited, "X-RateLimit-Remaining-Daily"));

        await WaitAtLeastAsync(limitedAt, TimeSpan.FromSeconds(retryAfter));
        using var after = await GetAsync("/me", "test_key_day2");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Retry_after_covers_both_windows_when_both_are_full()
    {
        await AddKeyAsync("test_key_both", perMinute: 1, perDay: 1);
        using (var ok = await GetAsync("/me", "test_key_both"))
        {
            Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        }

        using var limited = await GetAsync("/me", "test_key_both");
        Assert.InRange(HeaderNumber(limited, "Retry-After")!.Value, 3, 4);
        Assert.InRange(HeaderNumber(limited, "RateLimit-Reset")!.Value, 1, 2);
    }

    [Fact]
    public async Task Rejected_requests_do_not_count_and_other_errors_do()
    {
        await AddKeyAsync("test_key_counting", perMinute: 3);
        using (var bad = await SendAsync(HttpMethod.Post, "/search", "test_key_counting", "{}"))
        {
            Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
            Assert.Equal(2, HeaderNumber(bad, "X-RateLimit-Remaining"));
        }

        using (await GetAsync("/me", "test_key_counting"))
        using (await GetAsync("/me", "test_key_counting"))
        {
        }

        for (var i = 0; i < 5; i++)
        {
            using var limited = await GetAsync("/me", "test_key_counting");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        }

        // The five 429s did not extend the window: one wait of Retry-After is enough.
        using var last = await GetAsync("/me", "test_key_counting");
        await Task.Delay(TimeSpan.FromSeconds(HeaderNumber(last, "Retry-After")!.Value));
        using var after = await GetAsync("/me", "test_key_counting");
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
    }

    [Fact]
    public async Task Free_key_allows_five_a_minute()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 6; i++)
        {
            using var response = await GetAsync("/me", Free);
            statuses.Add(response.StatusCode);
        }

        Assert.Equal(5, statuses.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(HttpStatusCode.TooManyRequests, statuses[^1]);
    }
}

/// <summary>Concurrency on a server with the normal 60 s minute, so the window cannot roll over mid-test.</summary>
public sealed class ConcurrencyTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Eight_parallel_clients_against_a_limit_of_ten_get_exactly_ten_successes()
    {
        await AddKeyAsync("test_key_parallel", perMinute: 10);
        var clients = Enumerable.Range(0, 8).Select(_ => new HttpClient { BaseAddress = Fixture.Server.BaseAddress }).ToList();
        try
        {
            var results = await Task.WhenAll(clients.Select(async client =>
            {
                var statuses = new List<HttpStatusCode>();
                for (var i = 0; i < 5; i++)
                {
                    using var response = await PostAsync("/search", "test_key_parallel", new { query = "jazz" }, client);
                    statuses.Add(response.StatusCode);
                }

                return statuses;
            }));
            var all = results.SelectMany(s => s).ToList();
            Assert.Equal(40, all.Count);
            Assert.Equal(10, all.Count(s => s == HttpStatusCode.OK));
            Assert.Equal(30, all.Count(s => s == HttpStatusCode.TooManyRequests));
        }
        finally
        {
            clients.ForEach(c => c.Dispose());
        }

        using var me = await GetAsync("/me", "test_key_parallel");
        Assert.Equal(HttpStatusCode.TooManyRequests, me.StatusCode);
        using var usage = await Http.SendAsync(new HttpRequestMessage(HttpMethod.Get, Api + "/usage?limit=100") { Headers = { Authorization = new("Bearer", "test_key_parallel") } });
        Assert.Equal(HttpStatusCode.TooManyRequests, usage.StatusCode);
    }
}
