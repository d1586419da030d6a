using System.Management.Automation;
using System.Net.Sockets;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// The spending limit: a credit is reserved before every charged request, atomically for concurrent callers, given
/// back when the answer shows no charge, kept when the request may have reached the service, and never reserved twice
/// for one call however often it is retried.
/// </summary>
public class CreditLimitTests
{
    private static readonly ApiRequest Search = new(HttpMethod.Post, "search", charged: true, subject: "the search 'q'");

    private static SearchRequest Query(string query = "calm piano") => new() { Query = query };

    private static HttpResponseMessage Page() => Responses.Json(200, Responses.SearchBody(3), ("X-Credits-Remaining", "297"));

    [Fact]
    public async Task Concurrent_callers_never_get_more_reservations_than_the_limit()
    {
        var budget = new CreditBudget(5);
        using var start = new ManualResetEventSlim();

        var callers = Enumerable.Range(0, 40).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                var credit = await budget.ReserveAsync(Search, NullApiCallObserver.Instance, CancellationToken.None);
                await Task.Yield();
                credit.Settle(Delivery.Answered, 200);
                return true;
            }
            catch (TrackyardApiException ex) when (ex.Kind == TrackyardFailureKind.CreditLimitReached)
            {
                return false;
            }
        })).ToArray();
        start.Set();
        var results = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(5, results.Count(charged => charged));
        Assert.Equal(35, results.Count(charged => !charged));
        Assert.Equal(5, budget.Spent);
        Assert.Equal(0, budget.Left);
    }

    [Fact]
    public async Task Credits_given_back_go_to_the_callers_waiting_for_them_and_exactly_the_limit_is_spent()
    {
        var budget = new CreditBudget(3);
        using var start = new ManualResetEventSlim();
        var answered = 0;

        // Every second answer is an error (no charge): its credit must be reserved again by someone else.
        var callers = Enumerable.Range(0, 30).Select(_ => Task.Run(async () =>
        {
            start.Wait();
            try
            {
                var credit = await budget.ReserveAsync(Search, NullApiCallObserver.Instance, CancellationToken.None);
                await Task.Yield();
                var status = Interlocked.Increment(ref answered) % 2 == 0 ? 500 : 200;
                return credit.Settle(Delivery.Answered, status);
            }
            catch (TrackyardApiException ex) when (ex.Kind == TrackyardFailureKind.CreditLimitReached)
            {
                return (CreditOutcome?)null;
            }
        })).ToArray();
        start.Set();
        var outcomes = await Task.WhenAll(callers).WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(3, outcomes.Count(outcome => outcome == CreditOutcome.Charged));
        Assert.Equal(2, outcomes.Count(outcome => outcome == CreditOutcome.Returned));
        Assert.Equal(3, budget.Spent);
        Assert.Equal(0, budget.MaybeSpent);
        Assert.Equal(0, budget.Left);
    }

    [Fact]
    public async Task A_caller_finding_the_limit_held_by_a_request_on_its_way_waits_for_its_answer()
    {
        var budget = new CreditBudget(1);
        var observer = new RecordingObserver();
        var first = await budget.ReserveAsync(Search, NullApiCallObserver.Instance, CancellationToken.None);

        var second = budget.ReserveAsync(Search, observer, CancellationToken.None);
        await Eventually.True(() => observer.Verbose.Any(line => line.Contains("waiting for their answers")), "the second caller to wait");
        Assert.False(second.IsCompleted);

        Assert.Equal(CreditOutcome.Returned, first.Settle(Delivery.Answered, 400));
        var credit = await second.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(CreditOutcome.Charged, credit.Settle(Delivery.Answered, 200));

        var ex = await TestClient.Failure(() => budget.ReserveAsync(Search, NullApiCallObserver.Instance, CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.CreditLimitReached, ex.Kind);
        Assert.Equal("The credit limit of this connection is reached: -CreditLimit 1, 1 credit spent. POST /search for the search 'q' was not sent (no credit spent).", ex.Message);
        Assert.False(ex.MayHaveReachedService);
    }

    [Fact]
    public async Task A_waiting_caller_that_is_cancelled_takes_nothing()
    {
        var budget = new CreditBudget(1);
        var observer = new RecordingObserver();
        var first = await budget.ReserveAsync(Search, NullApiCallObserver.Instance, CancellationToken.None);
        using var cancel = new CancellationTokenSource();

        var second = budget.ReserveAsync(Search, observer, cancel.Token);
        await Eventually.True(() => observer.Verbose.Count > 0, "the second caller to wait");
        cancel.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => second.WaitAsync(TimeSpan.FromSeconds(10)));

        first.Settle(Delivery.NotSent, null);
        Assert.Equal(1, budget.Left);
        Assert.Equal(0, budget.Spent);
    }

    [Fact]
    public async Task A_reservation_is_settled_once()
    {
        var budget = new CreditBudget(2);
        var credit = await budget.ReserveAsync(Search, NullApiCallObserver.Instance, CancellationToken.None);

        credit.Settle(Delivery.Answered, 200);
        credit.Settle(Delivery.Answered, 200);

        Assert.Equal(1, budget.Spent);
        Assert.Equal(1, budget.Left);
    }

    [Fact]
    public async Task A_retried_charged_request_reserves_one_credit_for_all_its_attempts()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(503, "{}")).Respond(Page);
        using var client = TestClient.Create(handler, retry: new RetryOptions { Random = () => 0 }, creditLimit: 1);
        var call = TestClient.Call();

        var page = await client.SearchAsync(Query(), call, CancellationToken.None);

        Assert.Equal(3, page.Tracks.Count);
        Assert.Equal(2, handler.Requests.Count);
        Assert.Equal(1, client.Credits.Spent);
        Assert.Equal(1, call.Tally.Charged);

        var ex = await TestClient.Failure(() => client.SearchAsync(Query("another search"), TestClient.Call(), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.CreditLimitReached, ex.Kind);
        Assert.Equal(2, handler.Requests.Count);
    }

    [Theory]
    [InlineData(400)]
    [InlineData(402)]
    [InlineData(404)]
    [InlineData(500)]
    public async Task An_error_answer_gives_the_credit_back(int status)
    {
        var handler = new StubHandler().Respond(() => Responses.Json(status, "{\"error\":\"Nope\"}")).Respond(Page);
        using var client = TestClient.Create(handler, creditLimit: 1);
        var call = TestClient.Call();

        await TestClient.Failure(() => client.SearchAsync(Query(), call, CancellationToken.None));
        Assert.Equal(0, client.Credits.Spent);
        Assert.Equal(1, client.Credits.Left);
        Assert.Equal(0, call.Tally.Charged);

        await client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None);
        Assert.Equal(1, client.Credits.Spent);
    }

    [Fact]
    public async Task A_request_refused_before_it_left_this_machine_gives_the_credit_back()
    {
        var handler = new StubHandler().Throw(new HttpRequestException("Connection refused", new SocketException((int)SocketError.ConnectionRefused)));
        using var client = TestClient.Create(handler, creditLimit: 1);

        var ex = await TestClient.Failure(() => client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ConnectionFailed, ex.Kind);
        Assert.Equal(1, client.Credits.Left);
        Assert.Equal(0, client.Credits.MaybeSpent);
    }

    [Fact]
    public async Task A_request_that_may_have_reached_the_service_keeps_its_credit()
    {
        var handler = new StubHandler().Throw(new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)));
        using var client = TestClient.Create(handler, creditLimit: 1);
        var call = TestClient.Call();

        var failed = await TestClient.Failure(() => client.SearchAsync(Query(), call, CancellationToken.None));
        Assert.True(failed.MayHaveReachedService);
        Assert.Equal(0, client.Credits.Spent);
        Assert.Equal(1, client.Credits.MaybeSpent);
        Assert.Equal(1, call.Tally.MaybeCharged);

        var ex = await TestClient.Failure(() => client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.CreditLimitReached, ex.Kind);
        Assert.Contains("0 credits spent and 1 more may have been", ex.Message);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_call_stopped_while_its_request_is_on_its_way_keeps_its_credit()
    {
        var handler = new StubHandler().RespondAsync(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            return Page();
        });
        using var client = TestClient.Create(handler, creditLimit: 1);
        using var stop = new CancellationTokenSource();

        var search = client.SearchAsync(Query(), TestClient.Call(), stop.Token);
        await handler.WaitForRequestAsync(1);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Equal(1, client.Credits.MaybeSpent);
        Assert.Equal(0, client.Credits.Left);
    }

    [Fact]
    public async Task A_call_stopped_while_it_waits_to_retry_a_429_gives_the_credit_back()
    {
        var time = new TestClock();
        var tooMany = () => Responses.Json(429, "{}", ("Retry-After", "60"));
        var handler = new StubHandler().Respond(tooMany).Respond(Page);
        using var client = TestClient.Create(handler, time, creditLimit: 1);
        using var stop = new CancellationTokenSource();

        var search = client.SearchAsync(Query(), TestClient.Call(retry: true), stop.Token);
        await time.WaitForTimerAsync(TimeSpan.FromSeconds(60) + new RetryOptions().RetryAfterMargin);
        stop.Cancel();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => search.WaitAsync(TimeSpan.FromSeconds(10)));

        Assert.Single(handler.Requests);
        Assert.Equal(1, client.Credits.Left);
        Assert.Equal(0, client.Credits.MaybeSpent);
    }

    [Fact]
    public async Task Free_calls_are_never_held_back_by_a_spent_limit()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.Account));
        using var client = TestClient.Create(handler, creditLimit: 0);

        var ex = await TestClient.Failure(() => client.SearchAsync(Query(), TestClient.Call(), CancellationToken.None));
        Assert.Equal(TrackyardFailureKind.CreditLimitReached, ex.Kind);
        Assert.Empty(handler.Requests);

        var account = await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        Assert.Equal("starter", account.Tier);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task A_download_answered_with_success_is_charged_even_when_its_body_is_not_saved()
    {
        var handler = new StubHandler().Respond(() => Responses.Raw(200, "<html>not audio</html>", "text/html"));
        using var client = TestClient.Create(handler, creditLimit: 2);

        await TestClient.Failure(() => client.DownloadTrackAsync(new DownloadRequest("trk_abc123"), TestClient.ReadNothing, TestClient.Call(), CancellationToken.None));

        Assert.Equal(1, client.Credits.Spent);
        Assert.Equal(1, client.Credits.Left);
    }

    [Fact]
    public void The_error_record_is_a_terminating_QuotaExceeded_CreditLimitReached()
    {
        var exception = new TrackyardApiException(TrackyardFailureKind.CreditLimitReached, "The credit limit of this connection is reached.");

        var record = ErrorTable.ToErrorRecord(exception, "calm piano");

        Assert.Equal(ErrorCategory.QuotaExceeded, record.CategoryInfo.Category);
        Assert.Equal("CreditLimitReached", record.FullyQualifiedErrorId);
        Assert.True(ErrorTable.IsTerminating(exception));
        Assert.Contains("-CreditLimit", record.ErrorDetails.RecommendedAction);
        Assert.Equal("calm piano", record.TargetObject);
    }
}
