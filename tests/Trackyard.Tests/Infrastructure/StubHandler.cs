using System.Collections.Concurrent;
using System.Net;
using System.Text;

namespace Trackyard.Tests.Infrastructure;

/// <summary>A request as the stub saw it (headers and body copied, since the message is disposed later).</summary>
public sealed record RecordedRequest(HttpMethod Method, Uri Uri, string? Authorization, string? UserAgent, string? ContentType, string? Body);

/// <summary>Records every request and answers from a queue of canned responders (the last one repeats).</summary>
public sealed class StubHandler : HttpMessageHandler
{
    private readonly ConcurrentQueue<Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>> _responders = new();
    private Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>>? _last;
    private readonly SemaphoreSlim _arrivals = new(0);

    public ConcurrentQueue<RecordedRequest> Requests { get; } = new();

    public StubHandler Respond(Func<HttpResponseMessage> response) =>
        RespondAsync((_, _) => Task.FromResult(response()));

    public StubHandler RespondAsync(Func<HttpRequestMessage, CancellationToken, Task<HttpResponseMessage>> responder)
    {
        _responders.Enqueue(responder);
        return this;
    }

    public StubHandler Throw(Exception exception) =>
        RespondAsync((_, _) => Task.FromException<HttpResponseMessage>(exception));

    /// <summary>Waits (really, bounded) until the n-th request has arrived.</summary>
    public async Task WaitForRequestAsync(int count)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (Requests.Count < count)
        {
            await _arrivals.WaitAsync(timeout.Token);
        }
    }

    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var body = request.Content is null ? null : await request.Content.ReadAsStringAsync(cancellationToken);
        Requests.Enqueue(new RecordedRequest(
            request.Method,
            request.RequestUri!,
            request.Headers.Authorization?.ToString(),
            request.Headers.TryGetValues("User-Agent", out var agents) ? string.Join(" ", agents) : null,
            request.Content?.Headers.ContentType?.ToString(),
            body));
        _arrivals.Release();

        if (_responders.TryDequeue(out var next))
        {
            _last = next;
        }

        if (_last is null)
        {
            throw new InvalidOperationException("No canned response.");
        }

        return await _last(request, cancellationToken);
    }
}

/// <summary>Canned responses.</summary>
public static class Responses
{
    public static HttpResponseMessage Json(int status, string body, params (string Name, string Value)[] headers) =>
        Raw(status, body, "application/json", headers);

    public static HttpResponseMessage Raw(int status, string? body, string contentType = "text/plain", params (string Name, string Value)[] headers)
    {
        var response = new HttpResponseMessage((HttpStatusCode)status);
        if (body != null)
        {
            response.Content = new StringContent(body, Encoding.UTF8, contentType);
        }

        foreach (var (name, value) in headers)
        {
            response.Headers.TryAddWithoutValidation(name, value);
        }

        return response;
    }

    public static HttpResponseMessage Bytes(int status, byte[] body, string contentType = "application/json")
    {
        var response = new HttpResponseMessage((HttpStatusCode)status) { Content = new ByteArrayContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return response;
    }

    public const string FullTrack = """
        {"id":"trk_abc123","title":"Neon Drive","artist":"Volt","duration_seconds":183.5,"bpm":128,"key":"A minor",
         "genre":"Electronic","subgenres":["Synthwave"],"moods":["Upbeat","Energetic"],"has_vocals":false,
         "energy_level":"high","instruments":["synthesizer","drums"],"preview_url":"https://cdn.example/p/trk_abc123.mp3"}
        """;

    public static string SearchBody(int count, long credits = 299) =>
        "{\"tracks\":[" + string.Join(",", Enumerable.Range(0, count).Select(i => $"{{\"id\":\"trk_{i}\",\"title\":\"T{i}\",\"artist\":\"A\"}}")) + $"],\"credits_remaining\":{credits}}}";

    public const string Account = """
        {"tier":"starter","credits_remaining":250,"monthly_allowance":300,
         "rate_limit":{"requests_per_minute":10,"requests_per_day":500},
         "created_at":"2026-01-05T10:00:00Z","last_used_at":null}
        """;
}
