using System.Management.Automation;
using System.Net.Sockets;
using Microsoft.Extensions.Time.Testing;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>Every row of the error table, through the real client where a response is involved.</summary>
public class ErrorTableTests
{
    /// <summary>tests/data/status-table.csv: the table written once, read here and by the Pester suite.</summary>
    public static TheoryData<int, TrackyardFailureKind, ErrorCategory, string, bool, string> StatusRows
    {
        get
        {
            var rows = new TheoryData<int, TrackyardFailureKind, ErrorCategory, string, bool, string>();
            foreach (var row in StatusTableData.Rows.Where(r => !r.Followed))
            {
                rows.Add(row.Status, row.Kind, row.Category, row.ErrorId, row.Terminating, row.AdviceMentions);
            }

            return rows;
        }
    }

    public static TheoryData<int> AllStatuses
    {
        get
        {
            var statuses = new TheoryData<int>();
            foreach (var row in StatusTableData.Rows)
            {
                statuses.Add(row.Status);
            }

            return statuses;
        }
    }

    [Theory]
    [MemberData(nameof(AllStatuses))]
    public void The_table_in_code_is_the_table_in_the_test_data(int status)
    {
        var expected = StatusTableData.Rows.Single(r => r.Status == status);
        var row = ErrorTable.ForStatus(status);
        var kind = ErrorTable.ForKind(row.Kind);

        Assert.Equal(expected.Kind, row.Kind);
        Assert.Equal(expected.Retried, row.Retry);
        Assert.Equal(expected.Followed, row.Followed);
        Assert.Equal(expected.Category, kind.Category);
        Assert.Equal(expected.ErrorId, kind.ErrorId);
        Assert.Equal(expected.Terminating, kind.Terminating);
        Assert.Contains(expected.AdviceMentions, kind.Advice);
    }

    [Theory]
    [MemberData(nameof(StatusRows))]
    public async Task Status_maps_to_its_row(int status, TrackyardFailureKind kind, ErrorCategory category, string errorId, bool terminating, string actionMentions)
    {
        var handler = new StubHandler().Respond(() => Responses.Json(status,
            "{\"error\":\"Some Title\",\"message\":\"The API says no\",\"code\":\"some_code\",\"request_id\":\"req_123\"}",
            ("X-Credits-Remaining", "12")));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "calm piano" }, TestClient.Call(), CancellationToken.None));
        var record = ErrorTable.ToErrorRecord(ex, "calm piano");

        Assert.Equal(kind, ex.Kind);
        Assert.Equal(status, ex.StatusCode);
        Assert.Equal("some_code", ex.ErrorCode);
        Assert.Equal("Some Title", ex.ApiError);
        Assert.Equal("The API says no", ex.ApiMessage);
        Assert.Equal("req_123", ex.RequestId);
        Assert.Equal(12, ex.RateLimit!.CreditsRemaining);
        Assert.Contains(status.ToString(), ex.Message);
        Assert.Contains("The API says no", ex.Message);

        Assert.Same(ex, record.Exception);
        Assert.Equal(errorId, record.FullyQualifiedErrorId);
        Assert.Equal(category, record.CategoryInfo.Category);
        Assert.Equal(terminating, ErrorTable.IsTerminating(ex));
        Assert.Equal("calm piano", record.TargetObject);
        Assert.StartsWith("The API says no", record.ErrorDetails.Message);
        Assert.Contains("for the search 'calm piano'", record.ErrorDetails.Message);
        Assert.Contains("HTTP " + status, record.ErrorDetails.Message);
        Assert.Contains(actionMentions, record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task Rate_limit_recommendation_is_the_contract_text()
    {
        var ex = await StatusFailure(429, "{\"error\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\"}", ("Retry-After", "42"));
        var record = ErrorTable.ToErrorRecord(ex, "q");

        Assert.Equal("Wait Retry-After seconds (use -RetryOnRateLimit) or upgrade your plan.", record.ErrorDetails.RecommendedAction);
        Assert.Equal(TimeSpan.FromSeconds(42), ex.RetryAfter);
        Assert.Contains("retry after 42 s", record.ErrorDetails.Message);
    }

    [Fact]
    public async Task Out_of_credits_recommendation_is_the_contract_text()
    {
        var ex = await StatusFailure(402, "{\"error\":\"Out of credits\",\"message\":\"Please top up or upgrade your plan\"}");

        Assert.Equal("Wait for the monthly credit reset or upgrade your plan; do not retry.", ErrorTable.ToErrorRecord(ex, "q").ErrorDetails.RecommendedAction);
        Assert.Equal("Please top up or upgrade your plan", ex.ApiMessage);
    }

    [Theory]
    [InlineData("{\"error\": \"Unauthorized\", \"message\": \"Invalid API key\"}", "Invalid API key", "Unauthorized", null)]
    [InlineData("{\"error\": \"hit_point_seconds requires duration_seconds\", \"code\": \"invalid_parameters\"}", "hit_point_seconds requires duration_seconds", "hit_point_seconds requires duration_seconds", "invalid_parameters")]
    [InlineData("{\"error\": \"Invalid API key\", \"code\": \"unauthorized\"}", "Invalid API key", "Invalid API key", "unauthorized")]
    [InlineData("", "Bad Request", null, null)]
    [InlineData("<html><body><h1>400 Bad Request</h1></body></html>", "Bad Request", null, null)]
    [InlineData("{not json", "Bad Request", null, null)]
    public async Task Every_error_body_shape_resolves_a_message(string body, string message, string? apiError, string? code)
    {
        var ex = await StatusFailure(400, body);

        Assert.Equal(message, ex.ApiMessage);
        Assert.Equal(apiError, ex.ApiError);
        Assert.Equal(code, ex.ErrorCode);
        Assert.StartsWith(message, ErrorTable.ToErrorRecord(ex, "q").ErrorDetails.Message);
    }

    [Fact]
    public async Task Request_id_and_retry_after_fall_back_to_body_and_header()
    {
        var fromHeader = await StatusFailure(500, "{}", ("X-Request-Id", "req_hdr"));
        var fromBody = await StatusFailure(429, "{\"retry_after\": 17, \"request_id\": \"req_body\"}", ("X-Request-Id", "req_hdr"));

        Assert.Equal("req_hdr", fromHeader.RequestId);
        Assert.Equal("req_body", fromBody.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(17), fromBody.RetryAfter);
    }

    [Fact]
    public async Task No_body_at_all_uses_the_status_text()
    {
        var handler = new StubHandler().Respond(() => new HttpResponseMessage(System.Net.HttpStatusCode.ServiceUnavailable));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ServerError, ex.Kind);
        Assert.Equal("Service Unavailable", ex.ApiMessage);
    }

    [Fact]
    public async Task Refused_redirect_is_UnexpectedStatus_and_says_why()
    {
        // The redirect policy itself is covered in RedirectTests; here only its row of the table.
        var ex = await StatusFailure(307, "", ("Location", "http://evil.example/steal"));

        Assert.Equal(TrackyardFailureKind.UnexpectedStatus, ex.Kind);
        Assert.Contains("https to plain http", ex.Message);
    }

    [Fact]
    public void Default_handler_never_follows_redirects_keeps_certificate_checks_and_asks_for_no_compression()
    {
        using var handler = Assert.IsType<HttpClientHandler>(TrackyardClient.CreateDefaultHandler(TestClient.BaseUri));

        Assert.False(handler.AllowAutoRedirect);
        Assert.Null(handler.ServerCertificateCustomValidationCallback);
        Assert.Equal(System.Net.DecompressionMethods.None, handler.AutomaticDecompression);
    }

    public static TheoryData<Exception> ConnectionExceptions => new()
    {
        new HttpRequestException("Connection refused (api.trackyard.test:443)", new SocketException((int)SocketError.ConnectionRefused)),
        new HttpRequestException("No such host is known.", new SocketException((int)SocketError.HostNotFound)),
        new IOException("Connection reset by peer", new SocketException((int)SocketError.ConnectionReset)),
    };

    [Theory]
    [MemberData(nameof(ConnectionExceptions))]
    public async Task Transport_failures_are_ConnectionFailed(Exception failure)
    {
        var handler = new StubHandler().Throw(failure);
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));
        var record = ErrorTable.ToErrorRecord(ex, "q");

        Assert.Equal(TrackyardFailureKind.ConnectionFailed, ex.Kind);
        Assert.Null(ex.StatusCode);
        var inner = Assert.IsType<TransportException>(ex.InnerException);
        Assert.Equal(failure.GetType().FullName, inner.OriginalType);
        Assert.Equal(failure.Message, inner.Message);
        Assert.Equal("ConnectionFailed", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.ConnectionError, record.CategoryInfo.Category);
        Assert.False(ErrorTable.IsTerminating(ex));
        Assert.Contains("api.trackyard.test", record.ErrorDetails.Message);
        Assert.Contains("proxy", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public async Task Per_request_timeout_is_Timeout_not_cancellation()
    {
        var time = new FakeTimeProvider();
        var handler = new StubHandler().RespondAsync(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var client = TestClient.Create(handler, time, timeout: TimeSpan.FromSeconds(30));

        var call = client.GetAccountAsync(TestClient.Call(), CancellationToken.None);
        await handler.WaitForRequestAsync(1);
        time.Advance(TimeSpan.FromSeconds(29));
        Assert.False(call.IsCompleted);
        time.Advance(TimeSpan.FromSeconds(1));
        var ex = await TestClient.Failure(() => call);
        var record = ErrorTable.ToErrorRecord(ex, TestClient.BaseUri);

        Assert.Equal(TrackyardFailureKind.Timeout, ex.Kind);
        Assert.Contains("30 s", ex.Message);
        Assert.Equal("Timeout", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.OperationTimeout, record.CategoryInfo.Category);
        Assert.Equal(TestClient.BaseUri, record.TargetObject);
        Assert.False(ErrorTable.IsTerminating(ex));
    }

    [Fact]
    public async Task User_cancellation_propagates_unchanged()
    {
        var handler = new StubHandler().RespondAsync(async (_, token) =>
        {
            await Task.Delay(Timeout.Infinite, token);
            throw new InvalidOperationException("unreachable");
        });
        using var client = TestClient.Create(handler);
        using var cts = new CancellationTokenSource();

        var call = client.GetAccountAsync(TestClient.Call(), cts.Token);
        await handler.WaitForRequestAsync(1);
        cts.Cancel();

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call);
    }

    [Theory]
    [InlineData("{\"tracks\":[{\"id\":\"trk_1\",\"bpm\":\"fast\"}]}")]
    [InlineData("<html>oops</html>")]
    [InlineData("")]
    [InlineData("{\"credits_remaining\":1}")]
    public async Task Success_with_unreadable_body_is_InvalidResponse(string body)
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, body, ("X-Request-Id", "req_7")));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));
        var record = ErrorTable.ToErrorRecord(ex, "q");

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Equal("req_7", ex.RequestId);
        Assert.Equal("InvalidResponse", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidResult, record.CategoryInfo.Category);
        Assert.False(ErrorTable.IsTerminating(ex));
        Assert.Contains("request id req_7", record.ErrorDetails.Message);
    }

    [Fact]
    public async Task Oversized_success_body_is_InvalidResponse()
    {
        var handler = new StubHandler().Respond(() => Responses.Bytes(200, new byte[JsonBody.MaxBytes + 10]));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("larger than", ex.Message);
    }

    [Fact]
    public async Task Body_cut_off_mid_read_is_InvalidResponse()
    {
        var handler = new StubHandler().Respond(() => new HttpResponseMessage(System.Net.HttpStatusCode.OK) { Content = new StreamContent(new FailingStream()) });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Equal(typeof(IOException).FullName, Assert.IsType<TransportException>(ex.InnerException).OriginalType);
    }

    [Fact]
    public async Task Disposed_connection_is_NotConnected()
    {
        var connection = TestClient.Connect(new StubHandler().Respond(() => Responses.Json(200, Responses.Account)));
        connection.Dispose();

        var ex = await TestClient.Failure(() => connection.Client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.NotConnected, ex.Kind);
        Assert.Contains("Connect-Trackyard", ex.Message);
    }

    [Fact]
    public void NotConnected_row()
    {
        var ex = new TrackyardApiException(TrackyardFailureKind.NotConnected, "Not connected to Trackyard. Run Connect-Trackyard first.");
        var record = ErrorTable.ToErrorRecord(ex, null);

        Assert.Equal("NotConnected", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidOperation, record.CategoryInfo.Category);
        Assert.True(ErrorTable.IsTerminating(ex));
        Assert.Contains("Connect-Trackyard", record.ErrorDetails.Message);
        Assert.Contains("Connect-Trackyard", record.ErrorDetails.RecommendedAction);
    }

    [Fact]
    public void InvalidInput_row()
    {
        var ex = new TrackyardApiException(TrackyardFailureKind.InvalidInput, "The query is blank.");
        var record = ErrorTable.ToErrorRecord(ex, "  ");

        Assert.Equal("InvalidInput", record.FullyQualifiedErrorId);
        Assert.Equal(ErrorCategory.InvalidArgument, record.CategoryInfo.Category);
        Assert.Equal("  ", record.TargetObject);
        Assert.Equal("The query is blank.", record.ErrorDetails.Message);
    }

    [Fact]
    public void Every_kind_has_a_row_with_a_recommended_action()
    {
        foreach (var kind in Enum.GetValues<TrackyardFailureKind>())
        {
            var rule = ErrorTable.ForKind(kind);
            Assert.False(string.IsNullOrWhiteSpace(rule.Advice), kind.ToString());
            Assert.False(string.IsNullOrWhiteSpace(rule.ErrorId), kind.ToString());
        }
    }

    private static async Task<TrackyardApiException> StatusFailure(int status, string body, params (string, string)[] headers)
    {
        var handler = new StubHandler().Respond(() => Responses.Json(status, body, headers));
        using var client = TestClient.Create(handler);
        return await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));
    }

    private sealed class FailingStream : ReadOnlyTestStream
    {
        private bool _sentSome;

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_sentSome)
            {
                throw new IOException("The response ended prematurely.");
            }

            _sentSome = true;
            buffer[offset] = (byte)'{';
            return 1;
        }
    }
}
