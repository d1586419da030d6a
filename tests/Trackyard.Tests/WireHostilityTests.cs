using System.Net;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// What a hostile or broken server sends back: the key echoed in any case and any place, terminal controls,
/// compressed audio, an invalid Location. Every text that came from the wire passes the one cleaner (WireText).
/// </summary>
public class WireHostilityTests
{
    private static readonly string Upper = TestClient.Key.ToUpperInvariant();

    public static TheoryData<string, Func<HttpResponseMessage>> Reflections => new()
    {
        { "reason phrase", () => WithReason(Responses.Json(400, "{}"), "Bad " + TestClient.Key) },
        { "reason phrase, upper case", () => WithReason(Responses.Json(403, "{}"), "NO " + Upper) },
        { "JSON message", () => Responses.Json(401, $"{{\"error\":\"x {TestClient.Key}\",\"message\":\"key {Upper} is wrong\",\"code\":\"{TestClient.Key}\",\"request_id\":\"req-{TestClient.Key}\"}}") },
        { "X-Request-Id", () => Responses.Json(500, "{}", ("X-Request-Id", "req-" + TestClient.Key)) },
    };

    [Theory]
    [MemberData(nameof(Reflections))]
    public async Task A_reflected_key_appears_nowhere(string where, Func<HttpResponseMessage> answer)
    {
        var handler = new StubHandler().Respond(answer);
        using var client = TestClient.Create(handler);
        var observer = new RecordingObserver();

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(observer: observer), CancellationToken.None));
        var record = ErrorTable.ToErrorRecord(ex, "q");

        var everything = string.Join("\n", new[]
        {
            ex.ToString(), ex.Message, ex.ApiMessage ?? string.Empty, ex.ApiError ?? string.Empty, ex.ErrorCode ?? string.Empty,
            ex.RequestId ?? string.Empty, record.ErrorDetails.Message, record.ErrorDetails.RecommendedAction,
            string.Join("\n", observer.Verbose), string.Join("\n", observer.Debug), string.Join("\n", observer.Warnings),
        });
        Assert.False(everything.Contains(TestClient.Key, StringComparison.OrdinalIgnoreCase), "The key leaked through the " + where);
        Assert.Contains("[key …", everything);
    }

    [Fact]
    public async Task A_key_reflected_in_the_Content_Type_of_a_download_is_redacted()
    {
        var handler = new StubHandler().Respond(() => Responses.Raw(200, "<html>", "text/" + Upper));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.DownloadTrackAsync(new DownloadRequest("trk_1"), TestClient.ReadNothing, TestClient.Call(), CancellationToken.None));

        Assert.DoesNotContain(TestClient.Key, ex.ToString(), StringComparison.OrdinalIgnoreCase);
        Assert.Contains("text/[key …", ex.Message);
    }

    [Fact]
    public async Task A_key_reflected_in_a_download_file_name_is_redacted_before_the_name_is_made()
    {
        var handler = new StubHandler().Respond(() =>
        {
            var response = Responses.Bytes(200, new byte[] { 0xFF, 0xFB, 0x90, 0x00 }, "audio/mpeg");
            response.Content.Headers.TryAddWithoutValidation("Content-Disposition", $"attachment; filename=\"{Upper}.mp3\"");
            return response;
        });
        using var client = TestClient.Create(handler);

        var name = await client.DownloadTrackAsync(
            new DownloadRequest("trk_1"),
            (download, _) => Task.FromResult(download.SuggestedFileName),
            TestClient.Call(),
            CancellationToken.None);

        Assert.DoesNotContain(TestClient.Key, name!, StringComparison.OrdinalIgnoreCase);
        Assert.StartsWith("[key …", name);
    }

    [Fact]
    public async Task Terminal_controls_in_wire_text_never_reach_a_message()
    {
        var handler = new StubHandler().Respond(() => WithReason(
            Responses.Json(404, "{\"error\":\"Not Found\",\"message\":\"gone \\u001b]0;pwned\\u0007 \\u001b[2J \\u202Eevil\"}"),
            "Not \u001b[31mFound"));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q\u001b[2J" }, TestClient.Call(), CancellationToken.None));
        var shown = ex.Message + ErrorTable.ToErrorRecord(ex, null).ErrorDetails.Message;

        Assert.Contains("pwned", shown);
        Assert.DoesNotContain('\u001b', shown);
        Assert.DoesNotContain('\u0007', shown);
        Assert.DoesNotContain('\u202E', shown);
    }

    [Theory]
    [InlineData("gzip")]
    [InlineData("br")]
    [InlineData("deflate")]
    public async Task Compressed_audio_is_refused_before_a_byte_is_written(string encoding)
    {
        var handler = new StubHandler().Respond(() =>
        {
            var response = Responses.Bytes(200, new byte[] { 0x1F, 0x8B, 0x08, 0x00 }, "audio/mpeg");
            response.Content.Headers.ContentEncoding.Add(encoding);
            return response;
        });
        using var client = TestClient.Create(handler);
        var written = false;

        var ex = await TestClient.Failure(() => client.DownloadTrackAsync(
            new DownloadRequest("trk_1"),
            (_, _) =>
            {
                written = true;
                return Task.FromResult(0);
            },
            TestClient.Call(),
            CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("Content-Encoding: " + encoding, ex.Message);
        Assert.Contains("may have cost a credit", ex.Message);
        Assert.False(written);
        Assert.Single(handler.Requests);
    }

    [Fact]
    public async Task No_request_asks_for_compression()
    {
        string? acceptEncoding = "not seen";
        var handler = new StubHandler().RespondAsync((request, _) =>
        {
            acceptEncoding = request.Headers.AcceptEncoding.ToString();
            return Task.FromResult(Responses.Json(200, Responses.Account));
        });
        using var client = TestClient.Create(handler);

        await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        Assert.Equal(string.Empty, acceptEncoding);
    }

    [Fact]
    public async Task An_invalid_Location_is_reported_as_invalid_not_missing()
    {
        var handler = new StubHandler().Respond(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.Redirect);
            response.Headers.TryAddWithoutValidation("Location", "http://[::1");
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.UnexpectedStatus, ex.Kind);
        Assert.Contains("not a valid address", ex.Message);
        Assert.DoesNotContain("no Location", ex.Message);
        Assert.Single(handler.Requests);
    }

    private static HttpResponseMessage WithReason(HttpResponseMessage response, string reason)
    {
        response.ReasonPhrase = reason;
        return response;
    }
}
