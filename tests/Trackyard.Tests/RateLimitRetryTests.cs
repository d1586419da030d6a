using System.Management.Automation;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// 429 with and without -RetryOnRateLimit: Retry-After in all its forms, the wait budget and the retry count, the
/// countdown, Ctrl+C. Every "nothing was sent yet" is asserted after the wait has visibly begun on the fake clock.
/// </summary>
public class RateLimitRetryTests
{
    private static readonly TimeSpan Margin = new RetryOptions().RetryAfterMargin;

    private static HttpResponseMessage TooMany(string? retryAfter = "42")
    {
        var response = Responses.Json(429, "{\"error\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}", ("X-RateLimit-Remaining", "0"));
        if (retryAfter != null)
        {
            response.Headers.TryAddWithoutValidation("Retry-After", retryAfter);
        }

        return response;
    }

    private static HttpResponseMessage Ok() => Responses.Json(200, Responses.Account, ("X-RateLimit-Remaining", "5"));

    [Fact]
    public async Task Without_retry_429_fails_at_once_with_RetryAfter()
    {
        var handler = new StubHandler().Respond(() => TooMany()).Respond(Ok);
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
        Assert.Equal(0, ex.RateLimit!.Remaining);
        Assert.Contains("Retry after 42 s", ex.Message);
        Assert.Contains("frees up at", ex.Message);
        Assert.True(ex.MayHaveReachedService);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task With_retry_nothing_is_sent_before_Retry_After_has_passed()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany()).Respond(Ok);
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(42) + Margin);
        time.Advance(TimeSpan.FromSeconds(42));
        Assert.Single(handler.Requests);
        Assert.False(call.IsCompleted);

        time.Advance(Margin);
        var account = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("starter", account.Tier);
        Assert.Equal(2, handler.Requests.Count);
        var retry = Assert.Single(observer.Retries);
        Assert.StartsWith("Rate limited by Trackyard (HTTP 429); retrying in 42 s (retry 1; at most 300 s of waiting in all", retry);
    }

    [Fact]
    public async Task The_wait_is_a_countdown_on_the_progress_stream_completed_at_the_end()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany("3")).Respond(Ok);
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(3) + Margin);
        for (var second = 0; second < 4; second++)
        {
            time.Advance(TimeSpan.FromSeconds(1));
        }

        await call.WaitAsync(TimeSpan.FromSeconds(10));
        List<ProgressRecord> progress;
        lock (observer.Progress)
        {
            progress = observer.Progress.ToList();
        }

        Assert.True(progress.Count >= 4, $"{progress.Count} progress records");
        Assert.All(progress, p => Assert.Equal(Countdown.ActivityId, p.ActivityId));
        Assert.Equal(4, progress[0].SecondsRemaining);
        Assert.Contains("retry 1", progress[0].StatusDescription);
        var counting = progress.Where(p => p.RecordType == ProgressRecordType.Processing).Select(p => p.SecondsRemaining).ToList();
        Assert.Equal(counting.OrderByDescending(s => s), counting);
        Assert.Equal(new[] { 4, 3, 2, 1 }, counting);
        Assert.Equal(ProgressRecordType.Completed, progress[^1].RecordType);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany("Mon, 02 Nov 2026 12:00:10 GMT")).Respond(Ok);
        using var client = TestClient.Create(handler, time);

        var call = client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(10) + Margin);
        time.Advance(TimeSpan.FromSeconds(10));
        Assert.Single(handler.Requests);
        time.Advance(Margin);
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("soon")]
    [InlineData("-5")]
    [InlineData("1e10")]
    [InlineData("99999999999999999999")]
    [InlineData("Mon, 02 Nov 2026 11:00:00 GMT")]
    [InlineData("0")]
    [InlineData("86401")]
    [InlineData("31536000")]
    public async Task Unusable_Retry_After_falls_back_to_backoff_from_one_second(string? retryAfter)
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany(retryAfter)).Respond(Ok);
        using var client = TestClient.Create(handler, time, new RetryOptions { Random = () => 0.5 });
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);

        // 1 s plus a quarter of it times the injected 0.5.
        await time.WaitForTimerAsync(1.125);
        time.Advance(TimeSpan.FromSeconds(1.1));
        Assert.Single(handler.Requests);
        time.Advance(TimeSpan.FromSeconds(0.025));
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("Rate limited by Trackyard (HTTP 429); retrying in 1 s (retry 1 of 5)", Assert.Single(observer.Retries));
    }

    [Fact]
    public async Task Retry_After_zero_retries_after_the_first_backoff_step_whatever_RateLimit_Reset_says()
    {
        var time = new TestClock();
        var handler = new StubHandler()
            .Respond(() =>
            {
                var response = TooMany("0");
                response.Headers.TryAddWithoutValidation("RateLimit-Reset", "60");
                return response;
            })
            .Respond(Ok);
        using var client = TestClient.Create(handler, time, new RetryOptions { Random = () => 0 });
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await time.WaitForTimerAsync(1);
        time.Advance(TimeSpan.FromSeconds(1));
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, handler.Requests.Count);
        Assert.StartsWith("Rate limited by Trackyard (HTTP 429); retrying in 1 s", Assert.Single(observer.Warnings));
    }

    [Theory]
    [InlineData("86401")]
    [InlineData("31536000")]
    [InlineData("Wed, 02 Nov 2027 12:00:00 GMT")]
    public async Task A_Retry_After_beyond_a_day_is_ignored_with_a_warning_and_holds_nobody_back(string retryAfter)
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany(retryAfter)).Respond(Ok);
        using var client = TestClient.Create(handler, time, new RetryOptions { Random = () => 0 });
        var observer = new RecordingObserver();

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: false, observer), CancellationToken.None));
        Assert.Null(ex.RetryAfter);
        Assert.Contains(observer.Warnings, w => w.Contains("Retry-After: " + retryAfter) && w.Contains("ignores it"));

        // The key's cooldown is the backoff's first step, not a year.
        time.Advance(TimeSpan.FromSeconds(1));
        var account = await client.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None);
        Assert.Equal("starter", account.Tier);
    }

    [Fact]
    public async Task Fallback_backoff_doubles_with_each_retry_and_stops_after_MaximumRetryCount()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany(null));
        using var client = TestClient.Create(handler, time, new RetryOptions { Random = () => 0 });
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        foreach (var seconds in new[] { 1.0, 2, 4, 8, 16 })
        {
            await time.WaitForTimerAsync(seconds);
            time.Advance(TimeSpan.FromSeconds(seconds));
        }

        var ex = await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(6, handler.Requests.Count);
        Assert.Equal(5, observer.Retries.Count);
        Assert.Contains("Gave up after 5 retries (-MaximumRetryCount)", ex.Message);
    }

    [Fact]
    public async Task With_Retry_After_the_wait_budget_not_the_count_decides_when_to_give_up()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany("5"));
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();
        var options = new CallOptions(retryOnRateLimit: true, observer) { MaxRetryCount = 1, MaxRetryWait = TimeSpan.FromSeconds(20) };

        var call = client.GetAccountAsync(options, CancellationToken.None);
        for (var retry = 1; retry <= 3; retry++)
        {
            await time.WaitForTimerAsync(TimeSpan.FromSeconds(5) + Margin);
            time.Advance(TimeSpan.FromSeconds(5) + Margin);
        }

        var ex = await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(3, observer.Retries.Count);
        Assert.Contains("Not waiting 5 s: that is more than -MaximumRetryWaitSec allows (20 s, 16 s of it already spent).", ex.Message);
    }

    [Fact]
    public async Task The_call_may_lower_the_retry_count()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany(null));
        using var client = TestClient.Create(handler, time, new RetryOptions { Random = () => 0 });
        var observer = new RecordingObserver();
        var options = new CallOptions(retryOnRateLimit: true, observer) { MaxRetryCount = 1 };

        var call = client.GetAccountAsync(options, CancellationToken.None);
        await time.WaitForTimerAsync(1);
        time.Advance(TimeSpan.FromSeconds(1));
        var ex = await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("(retry 1 of 1)", Assert.Single(observer.Retries));
        Assert.Contains("Gave up after 1 retries", ex.Message);
    }

    [Fact]
    public async Task A_wait_beyond_the_cap_fails_at_once_saying_when_the_limit_frees_up_and_what_to_raise()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany("3600"));
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Contains("frees up at 13:00:00 (local time)", ex.Message);
        Assert.Contains("Not waiting 3600 s: that is more than -MaximumRetryWaitSec allows (300 s)", ex.Message);
        Assert.Contains("-MaximumRetryWaitSec", ex.Advice);
        var record = ErrorTable.ToErrorRecord(ex, null);
        Assert.Contains("Not waiting 3600 s", record.ErrorDetails.Message);
        Assert.DoesNotContain("use -RetryOnRateLimit", record.ErrorDetails.RecommendedAction);
        Assert.Empty(observer.Retries);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_call_may_lower_the_wait_cap()
    {
        var handler = new StubHandler().Respond(() => TooMany("42"));
        using var client = TestClient.Create(handler);
        var options = new CallOptions(retryOnRateLimit: true) { MaxRetryWait = TimeSpan.FromSeconds(10) };

        var ex = await TestClient.Failure(() => client.GetAccountAsync(options, CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Contains("(10 s)", ex.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task The_cap_is_on_all_waits_of_a_call_together()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany("200"));
        using var client = TestClient.Create(handler, time);

        var call = client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(200) + Margin);
        time.Advance(TimeSpan.FromSeconds(201));
        var ex = await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(2, handler.Requests.Count);
        Assert.Contains("already spent", ex.Message);
    }

    [Fact]
    public async Task Cancelling_during_the_wait_ends_promptly()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => TooMany("60"));
        using var client = TestClient.Create(handler, time);
        using var cts = new CancellationTokenSource();

        var call = client.GetAccountAsync(TestClient.Call(retry: true), cts.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(60) + Margin);
        cts.Cancel();

        // The fake clock never moves, so only the cancellation can end this wait; the 5 s bound catches a hang.
        // (How fast Ctrl+C ends a wait in wall-clock time is checked against the emulator in Pester, not here.)
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("42", 42.0)]
    [InlineData(" 7 ", 7.0)]
    [InlineData("0", 0.0)]
    [InlineData("86400", 86400.0)]
    [InlineData("Mon, 02 Nov 2026 12:01:00 GMT", 60.0)]
    [InlineData("Mon, 02 Nov 2026 11:00:00 GMT", 0.0)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData("1e10", null)]
    [InlineData("86401", null)]
    [InlineData("31536000", null)]
    [InlineData("Tue, 02 Nov 2027 12:00:00 GMT", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData("", null)]
    public void Retry_After_forms(string value, double? seconds)
    {
        var now = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), RetryAfter.Parse(value, now));
    }
}
