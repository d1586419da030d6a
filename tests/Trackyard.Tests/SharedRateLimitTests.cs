using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// The limiter shared per (base URI, key): a 429's cooldown and a used-up window hold back every client of the key,
/// callers without -RetryOnRateLimit fail without sending, and parallel callers never all send the last request.
/// </summary>
public class SharedRateLimitTests
{
    private const string OtherKey = "trackyard_live_AnotherKey0000wxyz";

    private readonly TestClock _time = new();
    private readonly RateLimiterRegistry _limiters;

    public SharedRateLimitTests() => _limiters = new RateLimiterRegistry(_time);

    private TrackyardClient Client(StubHandler handler, string key = TestClient.Key, Uri? baseUri = null) =>
        TestClient.Create(handler, _time, new RetryOptions { Random = () => 0 }, limiters: _limiters, key: key, baseUri: baseUri);

    private KeyRateLimiter Limiter()
    {
        using var key = ApiKey.FromPlainText(TestClient.Key);
        return _limiters.For(TestClient.BaseUri, key);
    }

    private static HttpResponseMessage Answer(int status, params (string, string)[] headers) =>
        Responses.Json(status, status == 200 ? Responses.Account : "{\"error\":\"Too Many Requests\"}", headers);

    private static StubHandler Answers(int status, params (string, string)[] headers) =>
        new StubHandler().Respond(() => Answer(status, headers));

    [Fact]
    public async Task A_429_holds_back_every_client_of_the_key()
    {
        using var first = Client(Answers(429, ("Retry-After", "30"), ("X-RateLimit-Remaining", "0")));
        await TestClient.Failure(() => first.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var secondHandler = Answers(200, ("X-RateLimit-Remaining", "9"));
        using var second = Client(secondHandler);

        var ex = await TestClient.Failure(() => second.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Null(ex.StatusCode);
        Assert.Contains("was not sent", ex.Message);
        Assert.Contains("-RetryOnRateLimit", ex.Message);
        Assert.Equal(30.25, ex.RetryAfter!.Value.TotalSeconds, 3);
        Assert.Empty(secondHandler.Requests);

        var observer = new RecordingObserver();
        var waiting = second.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await _time.WaitForTimerAsync(30.25);
        _time.Advance(TimeSpan.FromSeconds(30));
        Assert.Empty(secondHandler.Requests);
        _time.Advance(TimeSpan.FromSeconds(0.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Single(secondHandler.Requests);
        Assert.Contains("Rate limited by Trackyard; the key was rate limited (429)", Assert.Single(observer.Warnings));
        Assert.Contains("waiting 30 s", observer.Warnings[0]);
    }

    [Fact]
    public async Task Other_keys_and_other_services_are_not_held_back()
    {
        using var limited = Client(Answers(429, ("Retry-After", "30")));
        await TestClient.Failure(() => limited.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var otherKey = Answers(200);
        using var byKey = Client(otherKey, OtherKey);
        await byKey.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var otherService = Answers(200);
        using var byService = Client(otherService, baseUri: new Uri("https://eu.trackyard.test/api/external/v1"));
        await byService.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        Assert.Single(otherKey.Requests);
        Assert.Single(otherService.Requests);
    }

    [Fact]
    public async Task A_used_up_window_is_waited_out_until_RateLimit_Reset()
    {
        var handler = new StubHandler()
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "0"), ("RateLimit-Reset", "5")))
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "4")));
        using var client = Client(handler);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Contains("requests for this minute are used up", ex.Message);
        Assert.Single(handler.Requests);

        var waiting = client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        await _time.WaitForTimerAsync(5.25);
        _time.Advance(TimeSpan.FromSeconds(5));
        Assert.Single(handler.Requests);
        _time.Advance(TimeSpan.FromSeconds(0.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Without_RateLimit_Reset_the_documented_minute_is_assumed_from_the_oldest_send()
    {
        var handler = new StubHandler()
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "1")))
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "0")))
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "1")));
        using var client = Client(handler);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(20));
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var observer = new RecordingObserver();
        var waiting = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await _time.WaitForTimerAsync(40.25);
        _time.Advance(TimeSpan.FromSeconds(40));
        Assert.Equal(2, handler.Requests.Count);
        _time.Advance(TimeSpan.FromSeconds(0.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, handler.Requests.Count);
        Assert.Contains("waiting 40 s", Assert.Single(observer.Warnings));
    }

    [Fact]
    public async Task A_used_up_day_fails_at_once_beyond_the_wait_cap_without_sending()
    {
        var handler = Answers(200, ("X-RateLimit-Remaining", "4"), ("X-RateLimit-Remaining-Daily", "0"));
        using var client = Client(handler);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Contains("requests for today are used up", ex.Message);
        Assert.Contains("by about 2026-11-03 12:00:00 (local time)", ex.Message);
        Assert.Contains("-MaximumRetryWaitSec allows (300 s)", ex.Message);
        Assert.Equal(4, ex.RateLimit!.Remaining);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Parallel_callers_do_not_all_send_the_last_request()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>();
        var handler = new StubHandler()
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "1")))
            .RespondAsync((_, _) => release.Task)
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "3")));
        using var client = Client(handler);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var a = client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        var b = client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        await handler.WaitForRequestAsync(2);
        await Eventually.True(() => Limiter().HeldForAnswers >= 1, "the second caller to wait for the answer in flight");
        Assert.Equal(2, handler.Requests.Count);

        release.SetResult(Answer(200, ("X-RateLimit-Remaining", "0"), ("RateLimit-Reset", "2")));
        await _time.WaitForTimerAsync(2.25);
        Assert.Equal(2, handler.Requests.Count);
        _time.Advance(TimeSpan.FromSeconds(2.25));
        await Task.WhenAll(a, b).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Until_a_count_is_known_one_request_goes_at_a_time()
    {
        var release = new TaskCompletionSource<HttpResponseMessage>();
        var handler = new StubHandler()
            .RespondAsync((_, _) => release.Task)
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "8")));
        using var client = Client(handler);

        var calls = Enumerable.Range(0, 3).Select(_ => client.GetAccountAsync(TestClient.Call(), CancellationToken.None)).ToList();
        await handler.WaitForRequestAsync(1);
        await Eventually.True(() => Limiter().HeldForAnswers >= 2, "the other two callers to wait for the first answer");
        Assert.Single(handler.Requests);

        release.SetResult(Answer(200, ("X-RateLimit-Remaining", "9")));
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task A_server_that_sends_no_counts_is_not_paced()
    {
        var release = new TaskCompletionSource();
        var handler = new StubHandler()
            .Respond(() => Answer(200))
            .RespondAsync(async (_, _) =>
            {
                await release.Task;
                return Answer(200);
            });
        using var client = Client(handler);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var calls = Enumerable.Range(0, 3).Select(_ => client.GetAccountAsync(TestClient.Call(), CancellationToken.None)).ToList();
        await handler.WaitForRequestAsync(4);
        release.SetResult();
        await Task.WhenAll(calls).WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task Cancelling_a_cooldown_wait_ends_promptly_and_leaves_the_key_usable()
    {
        var handler = new StubHandler()
            .Respond(() => Answer(429, ("Retry-After", "60")))
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "5")));
        using var client = Client(handler);
        await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));
        using var cts = new CancellationTokenSource();

        var waiting = client.GetAccountAsync(TestClient.Call(retry: true), cts.Token);
        await _time.WaitForTimerAsync(60.25);
        cts.Cancel();
        // The fake clock never moves, so only the cancellation can end this wait; the 5 s bound catches a hang.
        // (How fast Ctrl+C ends a wait in wall-clock time is checked against the emulator in Pester, not here.)
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => waiting.WaitAsync(TimeSpan.FromSeconds(5)));

        _time.Advance(TimeSpan.FromSeconds(61));
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public void The_registry_is_keyed_by_a_hash_never_the_key()
    {
        using var key = ApiKey.FromPlainText(TestClient.Key);
        using var same = ApiKey.FromPlainText(TestClient.Key);
        using var other = ApiKey.FromPlainText(OtherKey);

        var id = RateLimiterRegistry.Id(TestClient.BaseUri, key);

        Assert.DoesNotContain(TestClient.Key, id);
        Assert.DoesNotContain(key.Suffix.TrimStart('…'), id);
        Assert.Equal(id, RateLimiterRegistry.Id(TestClient.BaseUri, same));
        Assert.NotEqual(id, RateLimiterRegistry.Id(TestClient.BaseUri, other));
        Assert.Same(_limiters.For(TestClient.BaseUri, key), _limiters.For(TestClient.BaseUri, same));
    }

    [Fact]
    public async Task Connect_checks_the_key_even_while_it_is_held_back_and_a_200_clears_the_hold()
    {
        using var limited = Client(Answers(429, ("Retry-After", "86400")));
        await TestClient.Failure(() => limited.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        var handler = Answers(200, ("X-RateLimit-Remaining", "9"));
        using var client = Client(handler);
        var held = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.RateLimited, held.Kind);
        Assert.Empty(handler.Requests);

        var check = new CallOptions(retryOnRateLimit: false) { IsConnectCheck = true };
        await client.GetAccountAsync(check, CancellationToken.None);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_429_to_the_connect_check_replaces_the_hold_with_its_own_Retry_After()
    {
        using var first = Client(Answers(429, ("Retry-After", "86400")));
        await TestClient.Failure(() => first.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        using var checker = Client(Answers(429, ("Retry-After", "10")));
        var check = new CallOptions(retryOnRateLimit: false) { IsConnectCheck = true };
        await TestClient.Failure(() => checker.GetAccountAsync(check, CancellationToken.None));

        var held = await TestClient.Failure(() => checker.GetAccountAsync(TestClient.Call(), CancellationToken.None));
        Assert.Equal(10.25, held.RetryAfter!.Value.TotalSeconds, 3);
    }

    [Fact]
    public async Task A_connect_check_that_may_wait_waits_for_a_hold_within_its_budget_like_any_call()
    {
        var handler = new StubHandler()
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "0"), ("RateLimit-Reset", "3")))
            .Respond(() => Answer(200, ("X-RateLimit-Remaining", "4")));
        using var client = Client(handler);
        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        var check = new CallOptions(retryOnRateLimit: true) { IsConnectCheck = true };
        var waiting = client.GetAccountAsync(check, CancellationToken.None);
        await _time.WaitForTimerAsync(3.25);
        Assert.Single(handler.Requests);
        _time.Advance(TimeSpan.FromSeconds(3.25));
        await waiting.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, handler.Requests.Count);
    }
}
