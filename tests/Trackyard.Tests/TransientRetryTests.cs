using System.Net.Sockets;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>Transient failures are retried by default (twice, full jitter, Retry-After honoured); client errors never.</summary>
public class TransientRetryTests
{
    private static readonly TimeSpan Margin = new RetryOptions().RetryAfterMargin;

    /// <summary>Retries with zero jitter, so they happen without moving the fake clock.</summary>
    private static RetryOptions Immediate() => new() { Random = () => 0 };

    private static HttpResponseMessage Failing(int status, params (string, string)[] headers) =>
        Responses.Json(status, "{\"error\":\"Nope\",\"message\":\"Not now\"}", headers);

    private static HttpResponseMessage Ok() => Responses.Json(200, Responses.Account);

    [Theory]
    [InlineData(400)]
    [InlineData(401)]
    [InlineData(402)]
    [InlineData(403)]
    [InlineData(404)]
    [InlineData(418)]
    [InlineData(501)]
    public async Task Client_errors_are_never_retried_even_with_retry_on(int status)
    {
        var handler = new StubHandler().Respond(() => Failing(status)).Respond(Ok);
        using var client = TestClient.Create(handler, retry: Immediate());

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(retry: true), CancellationToken.None));

        Assert.Equal(status, ex.StatusCode);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(408)]
    [InlineData(500)]
    [InlineData(502)]
    [InlineData(503)]
    [InlineData(504)]
    public async Task Transient_statuses_are_retried_without_being_asked(int status)
    {
        var handler = new StubHandler().Respond(() => Failing(status)).Respond(() => Failing(status)).Respond(Ok);
        using var client = TestClient.Create(handler, retry: Immediate());
        var observer = new RecordingObserver();

        var account = await client.GetAccountAsync(TestClient.Call(retry: false, observer), CancellationToken.None);

        Assert.Equal("starter", account.Tier);
        Assert.Equal(3, handler.Requests.Count);
        Assert.Equal(
            new[] { $"Trackyard answered HTTP {status}; retrying in 0 s (retry 1 of 2)", $"Trackyard answered HTTP {status}; retrying in 0 s (retry 2 of 2)" },
            observer.Retries);
    }

    public static TheoryData<Exception> TransportFailures => new()
    {
        new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)),
    };

    [Theory]
    [MemberData(nameof(TransportFailures))]
    public async Task Refused_and_reset_connections_are_retried(Exception failure)
    {
        var handler = new StubHandler().Throw(failure).Respond(Ok);
        using var client = TestClient.Create(handler, retry: Immediate());
        var observer = new RecordingObserver();

        var account = await client.GetAccountAsync(TestClient.Call(observer: observer), CancellationToken.None);

        Assert.Equal("starter", account.Tier);
        Assert.Equal(2, handler.Requests.Count);
        Assert.StartsWith("Could not reach Trackyard; retrying", Assert.Single(observer.Retries));
    }

    [Fact]
    public async Task A_timeout_is_retried_with_a_fresh_timeout()
    {
        var time = new TestClock();
        var handler = new StubHandler()
            .RespondAsync(async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            })
            .Respond(Ok);
        using var client = TestClient.Create(handler, time, Immediate(), timeout: TimeSpan.FromSeconds(30));
        var observer = new RecordingObserver();

        var call = client.GetAccountAsync(TestClient.Call(observer: observer), CancellationToken.None);
        await handler.WaitForRequestAsync(1);
        await time.WaitForTimerAsync(30);
        time.Advance(TimeSpan.FromSeconds(30));
        var account = await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal("starter", account.Tier);
        Assert.StartsWith("Trackyard did not answer in time; retrying", Assert.Single(observer.Retries));
    }

    public static TheoryData<Exception> NeverSentFailures => new()
    {
        new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)),
        new HttpRequestException("Name or service not known", new SocketException((int)SocketError.HostNotFound)),
    };

    [Theory]
    [MemberData(nameof(NeverSentFailures))]
    public async Task A_charged_request_that_never_left_is_retried(Exception failure)
    {
        var handler = new StubHandler().Throw(failure).Respond(() => Responses.Json(200, Responses.SearchBody(2)));
        using var client = TestClient.Create(handler, retry: Immediate());

        var page = await client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None);

        Assert.Equal(2, page.Tracks.Count);
        Assert.Equal(2, handler.Requests.Count);
    }

    public static TheoryData<Exception> MaybeArrivedFailures => new()
    {
        new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)),
        new HttpRequestException("The response ended prematurely.", new IOException("unexpected EOF")),
    };

    [Theory]
    [MemberData(nameof(MaybeArrivedFailures))]
    public async Task A_charged_request_that_may_have_arrived_is_not_sent_again(Exception failure)
    {
        var handler = new StubHandler().Throw(failure).Respond(() => Responses.Json(200, Responses.SearchBody(2)));
        using var client = TestClient.Create(handler, retry: Immediate());

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));

        Assert.Single(handler.Requests);
        Assert.True(ex.MayHaveReachedService);
        Assert.Contains("may have reached Trackyard and cost a credit, so it was not sent again", ex.Message);
    }

    [Theory]
    [MemberData(nameof(MaybeArrivedFailures))]
    public async Task A_free_request_that_may_have_arrived_is_sent_again(Exception failure)
    {
        var handler = new StubHandler().Throw(failure).Respond(Ok);
        using var client = TestClient.Create(handler, retry: Immediate());

        var account = await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        Assert.Equal("starter", account.Tier);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_charged_request_that_timed_out_is_not_sent_again()
    {
        var time = new TestClock();
        var handler = new StubHandler()
            .RespondAsync(async (_, token) =>
            {
                await Task.Delay(Timeout.Infinite, token);
                throw new InvalidOperationException("unreachable");
            })
            .Respond(() => Responses.Json(200, Responses.SearchBody(2)));
        using var client = TestClient.Create(handler, time, Immediate(), timeout: TimeSpan.FromSeconds(30));

        var call = client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None);
        await handler.WaitForRequestAsync(1);
        await time.WaitForTimerAsync(30);
        time.Advance(TimeSpan.FromSeconds(30));
        var ex = await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(TrackyardFailureKind.Timeout, ex.Kind);
        Assert.Contains("did not answer POST /search for the search 'q' within 30 s", ex.Message);
        Assert.Contains("not sent again", ex.Message);
        Assert.Single(handler.Requests);
    }

    [Theory]
    [InlineData(500)]
    [InlineData(503)]
    public async Task A_charged_request_answered_with_a_transient_status_is_retried(int status)
    {
        // Credits are charged only for a success, so an error answer can be asked again.
        var handler = new StubHandler().Respond(() => Failing(status)).Respond(() => Responses.Json(200, Responses.SearchBody(2)));
        using var client = TestClient.Create(handler, retry: Immediate());

        var page = await client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None);

        Assert.Equal(2, page.Tracks.Count);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task Transient_retries_stop_after_two()
    {
        var handler = new StubHandler().Respond(() => Failing(503));
        using var client = TestClient.Create(handler, retry: Immediate());

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ServerError, ex.Kind);
        Assert.Equal(3, handler.Requests.Count);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 2)]
    public async Task MaximumRetryCount_also_caps_transient_retries(int maxRetryCount, int requests)
    {
        var handler = new StubHandler().Respond(() => Failing(500));
        using var client = TestClient.Create(handler, retry: Immediate());
        var options = new CallOptions(retryOnRateLimit: false) { MaxRetryCount = maxRetryCount };

        await TestClient.Failure(() => client.GetAccountAsync(options, CancellationToken.None));

        Assert.Equal(requests, handler.Requests.Count);
    }

    [Fact]
    public async Task Retry_After_on_a_transient_failure_is_honoured()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => Failing(503, ("Retry-After", "7"))).Respond(Ok);
        using var client = TestClient.Create(handler, time, Immediate());

        var call = client.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(7) + Margin);
        time.Advance(TimeSpan.FromSeconds(7));
        Assert.Single(handler.Requests);
        time.Advance(Margin);
        await call.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(2, handler.Requests.Count);
    }

    [Fact]
    public async Task A_transient_Retry_After_beyond_the_cap_fails_at_once()
    {
        var handler = new StubHandler().Respond(() => Failing(503, ("Retry-After", "1000")));
        using var client = TestClient.Create(handler, retry: Immediate());

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ServerError, ex.Kind);
        Assert.Contains("-MaximumRetryWaitSec", ex.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task Backoff_waits_on_the_clock_between_attempts()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => Failing(500));
        using var client = TestClient.Create(handler, time, new RetryOptions { Random = () => 0.5 });

        // Half of 1 s, then half of 2 s.
        var call = client.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        await time.WaitForTimerAsync(0.5);
        time.Advance(TimeSpan.FromSeconds(0.4));
        Assert.Single(handler.Requests);
        time.Advance(TimeSpan.FromSeconds(0.1));
        await time.WaitForTimerAsync(1.0);
        Assert.Equal(2, handler.Requests.Count);
        time.Advance(TimeSpan.FromSeconds(1));
        await TestClient.Failure(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        Assert.Equal(3, handler.Requests.Count);
    }

    [Fact]
    public async Task Cancelling_during_a_backoff_ends_promptly()
    {
        var time = new TestClock();
        var handler = new StubHandler().Respond(() => Failing(503, ("Retry-After", "30")));
        using var client = TestClient.Create(handler, time, Immediate());
        using var cts = new CancellationTokenSource();

        var call = client.GetAccountAsync(TestClient.Call(), cts.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(30) + Margin);
        cts.Cancel();

        // The fake clock never moves, so only the cancellation can end this wait; the 5 s bound catches a hang.
        // (How fast Ctrl+C ends a wait in wall-clock time is checked against the emulator in Pester, not here.)

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(5)));
    }

    [Theory]
    [InlineData(0, 0.0, 0.0)]
    [InlineData(0, 0.999, 0.999)]
    [InlineData(1, 0.5, 1.0)]
    [InlineData(2, 0.999, 3.996)]
    [InlineData(5, 0.999, 29.97)]
    [InlineData(10, 1.0, 30.0)]
    [InlineData(40, 0.5, 15.0)]
    public void Full_jitter_is_between_zero_and_the_capped_exponential_step(int retry, double random, double seconds)
    {
        var options = new RetryOptions { Random = () => random };

        Assert.Equal(seconds, Backoff.FullJitter(retry, options).TotalSeconds, 3);
    }

    [Theory]
    [InlineData(0, 0.0, 1.0)]
    [InlineData(0, 1.0, 1.25)]
    [InlineData(3, 0.5, 9.0)]
    [InlineData(9, 0.0, 30.0)]
    public void Rate_limit_fallback_is_the_exponential_step_plus_up_to_a_quarter(int retry, double random, double seconds)
    {
        var options = new RetryOptions { Random = () => random };

        Assert.Equal(seconds, Backoff.RateLimitFallback(retry, options).TotalSeconds, 3);
    }

    [Fact]
    public void A_broken_random_source_cannot_push_a_wait_out_of_bounds()
    {
        Assert.Equal(TimeSpan.FromSeconds(1), Backoff.FullJitter(0, new RetryOptions { Random = () => 7 }));
        Assert.Equal(TimeSpan.Zero, Backoff.FullJitter(0, new RetryOptions { Random = () => double.NaN }));
        Assert.Equal(TimeSpan.Zero, Backoff.FullJitter(0, new RetryOptions { Random = () => -1 }));
    }
}
