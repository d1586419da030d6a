using Microsoft.Extensions.Time.Testing;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public class RateLimitRetryTests
{
    private static readonly TimeSpan Margin = new RetryOptions().RetryAfterMargin;

    private static HttpResponseMessage TooMany(string retryAfter = "42") =>
        Responses.Json(429, "{\"error\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}", ("Retry-After", retryAfter), ("X-RateLimit-Remaining", "0"));

    [Fact]
    public async Task Without_retry_429_fails_at_once_with_RetryAfter()
    {
        var handler = new StubHandler().Respond(() => TooMany()).Respond(() => Responses.Json(200, Responses.Account));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: false), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
        Assert.Equal(0, ex.RateLimit!.Remaining);
        Assert.Contains("Retry after 42 s", ex.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task With_retry_nothing_is_sent_before_Retry_After_has_passed()
    {
        var time = new FakeTimeProvider();
        var handler = new StubHandler().Respond(() => TooMany()).Respond(() => Responses.Json(200, Responses.Account));
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await handler.WaitForRequestAsync(1);
        time.Advance(TimeSpan.FromSeconds(42));
        await Task.Delay(100);
        Assert.Single(handler.Requests);
        Assert.False(call.IsCompleted);

        time.Advance(Margin);
        var account = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("starter", account.Tier);
        Assert.Equal(2, handler.Requests.Count);
        var retry = Assert.Single(observer.Retries);
        Assert.Equal((1, 3), (retry.Attempt, retry.Max));
        Assert.Equal(TimeSpan.FromSeconds(42) + Margin, retry.Delay);
        Assert.Contains("Rate limited", retry.Reason);
    }

    [Fact]
    public async Task Retry_After_as_an_http_date_is_honoured()
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero));
        var handler = new StubHandler().Respond(() => TooMany("Mon, 02 Nov 2026 12:00:10 GMT")).Respond(() => Responses.Json(200, Responses.Account));
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        await handler.WaitForRequestAsync(1);
        time.Advance(TimeSpan.FromSeconds(10) + Margin);
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TimeSpan.FromSeconds(10) + Margin, Assert.Single(observer.Retries).Delay);
    }

    [Fact]
    public async Task Retries_are_used_up_after_three_and_then_RateLimited()
    {
        var time = new FakeTimeProvider();
        var handler = new StubHandler().Respond(() => TooMany("5"));
        using var client = TestClient.Create(handler, time);
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None);
        for (var sent = 1; sent <= 3; sent++)
        {
            await handler.WaitForRequestAsync(sent);
            time.Advance(TimeSpan.FromSeconds(6));
        }

        var ex = await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Equal(4, handler.Requests.Count);
        Assert.Equal(new[] { 1, 2, 3 }, observer.Retries.Select(r => r.Attempt));
    }

    [Fact]
    public async Task A_wait_beyond_the_cap_fails_at_once()
    {
        var handler = new StubHandler().Respond(() => TooMany("3600"));
        using var client = TestClient.Create(handler);
        var observer = new RecordingObserver();

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: true, observer), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.RateLimited, ex.Kind);
        Assert.Equal(TimeSpan.FromHours(1), ex.RetryAfter);
        Assert.Empty(observer.Retries);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Cancelling_during_the_wait_ends_promptly()
    {
        var time = new FakeTimeProvider();
        var handler = new StubHandler().Respond(() => TooMany("60"));
        using var client = TestClient.Create(handler, time);
        using var cts = new CancellationTokenSource();

        var call = client.GetAccountAsync(TestClient.Call(retry: true), cts.Token);
        await handler.WaitForRequestAsync(1);
        await Task.Delay(50);
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
        Assert.True(stopwatch.Elapsed < TimeSpan.FromSeconds(1), $"took {stopwatch.Elapsed}");
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Other_errors_are_not_retried_even_with_retry_on()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(503, "{}", ("Retry-After", "1")));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ServerError, ex.Kind);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData("42", 42.0)]
    [InlineData(" 7 ", 7.0)]
    [InlineData("0", 0.0)]
    [InlineData("Mon, 02 Nov 2026 12:01:00 GMT", 60.0)]
    [InlineData("Mon, 02 Nov 2026 11:00:00 GMT", 0.0)]
    [InlineData("-5", null)]
    [InlineData("soon", null)]
    [InlineData("1e10", null)]
    [InlineData("99999999999999999999", null)]
    [InlineData("", null)]
    public void Retry_After_forms(string value, double? seconds)
    {
        var now = new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero);

        Assert.Equal(seconds is null ? null : TimeSpan.FromSeconds(seconds.Value), RetryAfter.Parse(value, now));
    }
}
