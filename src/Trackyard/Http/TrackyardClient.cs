using System;
using System.IO;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Net.Sockets;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// The one HTTP layer. Every request is built here (Bearer auth, User-Agent, JSON body), goes through the one
/// resilience pipeline, has its rate-limit headers recorded, and fails only with <see cref="TrackyardApiException"/>
/// (or <see cref="OperationCanceledException"/> when the caller cancelled).
/// To add an endpoint: a method that calls <see cref="SendJsonAsync{T}"/> with a parser from
/// <see cref="ResponseReader"/>, or, for a streamed body, <see cref="SendAsync"/> and read
/// <see cref="ApiResponse.Message"/> with <see cref="ApiResponse.BodyToken"/>.
/// </summary>
internal sealed partial class TrackyardClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ApiKey _key;
    private readonly TrackyardClientOptions _options;
    private readonly TimeProvider _time;
    private readonly TrackyardPipeline _pipeline;
    private readonly Pacer _pacer;
    private readonly Action<RateLimitSnapshot>? _onRateLimit;
    private int _disposed;

    /// <param name="key">The key; the caller keeps ownership.</param>
    /// <param name="options">Base URI, timeout, User-Agent, retry options.</param>
    /// <param name="handler">The transport; tests pass a stub. Null = <see cref="CreateDefaultHandler"/>.</param>
    /// <param name="timeProvider">The clock for timeouts and retry waits.</param>
    /// <param name="onRateLimit">Called with the rate-limit headers of every response that has them.</param>
    /// <param name="limiters">Where the key's shared rate limiter lives. Null = the process-wide registry for the
    /// real clock, a private one for any other clock.</param>
    internal TrackyardClient(
        ApiKey key,
        TrackyardClientOptions options,
        HttpMessageHandler? handler = null,
        TimeProvider? timeProvider = null,
        Action<RateLimitSnapshot>? onRateLimit = null,
        RateLimiterRegistry? limiters = null)
    {
        _key = key;
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _onRateLimit = onRateLimit;
        _pipeline = new TrackyardPipeline(_time);
        limiters ??= RateLimiterRegistry.For(_time, options.Retry);
        _pacer = new Pacer(limiters.For(options.BaseUri, key), _time);

        // The per-request timeout is ours (a linked token), so that a timeout and Ctrl+C can be told apart.
        _http = new HttpClient(handler ?? CreateDefaultHandler(options.Proxy), disposeHandler: true)
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    internal Uri BaseUri => _options.BaseUri;

    /// <summary>
    /// The real transport. Its own redirects are off: HttpClientHandler would resend the Authorization header
    /// to wherever a 3xx points, possibly another host; <see cref="RedirectPolicy"/> follows them instead.
    /// Certificate validation is left as the platform does it (never switched off); the system proxy is used.
    /// </summary>
    /// <param name="proxy">The connection's proxy (-Proxy); null = the system proxy and HTTPS_PROXY/HTTP_PROXY/NO_PROXY.</param>
    internal static HttpMessageHandler CreateDefaultHandler(IWebProxy? proxy = null) => new HttpClientHandler
    {
        UseProxy = true,
        Proxy = proxy,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
    };

    /// <summary>GET /me (free): the account behind the key.</summary>
    internal Task<Account> GetAccountAsync(CallOptions call, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Get, "me", null, ResponseReader.ParseAccount, call, cancellationToken);

    /// <summary>POST /search (1 credit): one page of tracks.</summary>
    internal Task<SearchPage> SearchAsync(SearchRequest request, CallOptions call, CancellationToken cancellationToken) =>
        SendJsonAsync(HttpMethod.Post, "search", request.ToWire(), body => ResponseReader.ParseSearch(body, request.Query), call, cancellationToken);

    /// <summary>Sends a JSON request and parses the size-capped JSON answer.</summary>
    internal async Task<T> SendJsonAsync<T>(
        HttpMethod method,
        string path,
        object? body,
        Func<byte[], T> parse,
        CallOptions call,
        CancellationToken cancellationToken)
    {
        using var response = await SendAsync(() => CreateRequest(method, path, body), call, cancellationToken).ConfigureAwait(false);
        byte[] bytes;
        try
        {
            bytes = await ResponseReader.ReadCappedAsync(response.Message.Content, ResponseReader.MaxJsonBodyBytes, truncate: false, response.BodyToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception ex) when (ex is not TrackyardApiException)
        {
            throw WithResponse(BodyReadFailure(ex, response, method, path), response);
        }
        catch (TrackyardApiException ex)
        {
            throw WithResponse(ex, response);
        }

        try
        {
            return parse(bytes);
        }
        catch (TrackyardApiException ex)
        {
            throw WithResponse(ex, response);
        }
    }

    /// <summary>
    /// Sends a request built by <paramref name="createRequest"/> (called once per attempt) through the pipeline
    /// and returns the successful response with only its headers read. Error statuses throw. The caller
    /// disposes the response; read its body with <see cref="ApiResponse.BodyToken"/>.
    /// Retries happen here, before a body is read: a body that is already streaming (a download) is never retried.
    /// </summary>
    internal async Task<ApiResponse> SendAsync(Func<HttpRequestMessage> createRequest, CallOptions call, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var budget = new RetryBudget(call, _options.Retry);
        var response = await _pipeline.ExecuteAsync(token => SendOnceAsync(createRequest, budget, token), budget, cancellationToken)
            .ConfigureAwait(false);

        if (response.IsSuccess)
        {
            return response;
        }

        using (response)
        {
            throw await StatusFailureAsync(response, budget.GiveUpNote, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Builds a request for an endpoint path, with a JSON body when one is given.</summary>
    internal HttpRequestMessage CreateRequest(HttpMethod method, string path, object? body)
    {
        var request = new HttpRequestMessage(method, BaseUriPolicy.Combine(_options.BaseUri, path));
        if (body != null)
        {
            var json = JsonSerializer.SerializeToUtf8Bytes(body, body.GetType(), ResponseReader.JsonOptions);
            request.Content = new ByteArrayContent(json);
            request.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        return request;
    }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 0)
        {
            _http.Dispose();
        }
    }

    /// <summary>One attempt: wait for its turn (own retry delay, the key's cooldown and window), then send.</summary>
    private async Task<ApiResponse> SendOnceAsync(Func<HttpRequestMessage> createRequest, RetryBudget budget, CancellationToken cancellationToken)
    {
        ThrowIfDisposed();
        var call = budget.Call;
        using var slot = await _pacer.WaitForTurnAsync(budget, cancellationToken).ConfigureAwait(false);
        ThrowIfDisposed();
        using var request = createRequest();
        var endpoint = Endpoint(request);
        PrepareHeaders(request, sendKey: true);

        var timeout = _time.CreateCancellationTokenSource(_options.Timeout);
        var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        var started = _time.GetTimestamp();
        call.Observer.OnVerbose($"{endpoint}: sending");
        HttpResponseMessage message;
        string? redirectNote;
        try
        {
            (message, redirectNote) = await SendFollowingRedirectsAsync(request, createRequest, call.Observer, endpoint, linked.Token).ConfigureAwait(false);
        }
        catch (Exception ex)
        {
            linked.Dispose();
            timeout.Dispose();
            if (ex is OperationCanceledException && cancellationToken.IsCancellationRequested)
            {
                throw;
            }

            throw SendFailure(ex, timeout.IsCancellationRequested, endpoint);
        }

        var now = _time.GetUtcNow();
        var response = new ApiResponse(message, timeout, linked)
        {
            RateLimit = RateLimitHeaders.Read(message.Headers, now),
            RequestId = _key.Redact(RateLimitHeaders.RequestId(message.Headers)),
            RetryAfter = RetryAfter.FromHeaders(message.Headers, now),
            RedirectNote = redirectNote,
        };

        slot.Complete(response.StatusCode, response.RateLimit, response.RetryAfter);
        var elapsed = _time.GetElapsedTime(started);
        call.Observer.OnVerbose($"{endpoint}: {response.StatusCode} {StatusText(message)} ({elapsed.TotalMilliseconds:0} ms)");
        if (response.RateLimit != null)
        {
            _onRateLimit?.Invoke(response.RateLimit);
            call.Observer.OnDebug("Rate limit: " + response.RateLimit);
        }

        return response;
    }

    private TrackyardApiException SendFailure(Exception ex, bool timedOut, string endpoint)
    {
        if (ex is TrackyardApiException known)
        {
            return known;
        }

        if (ex is OperationCanceledException && timedOut)
        {
            return new TrackyardApiException(
                TrackyardFailureKind.Timeout,
                $"Trackyard did not answer {endpoint} within {_options.Timeout.TotalSeconds:0} s.",
                ex);
        }

        if (ex is ObjectDisposedException)
        {
            return Disconnected();
        }

        if (ex is HttpRequestException or IOException or SocketException)
        {
            return new TrackyardApiException(
                TrackyardFailureKind.ConnectionFailed,
                $"Could not reach Trackyard at {_options.BaseUri.Host} ({endpoint}): {Innermost(ex)}",
                ex);
        }

        return new TrackyardApiException(
            TrackyardFailureKind.ConnectionFailed,
            $"The request {endpoint} failed: {Innermost(ex)}",
            ex);
    }

    private TrackyardApiException BodyReadFailure(Exception ex, ApiResponse response, HttpMethod method, string path)
    {
        if (ex is OperationCanceledException && response.TimedOut)
        {
            return new TrackyardApiException(
                TrackyardFailureKind.Timeout,
                $"Trackyard did not finish the response to {method} /{path} within {_options.Timeout.TotalSeconds:0} s.",
                ex);
        }

        return ResponseReader.Invalid($"The response to {method} /{path} could not be read completely: {Innermost(ex)}", ex);
    }

    /// <summary>Turns an error status and whatever its body says into the mapped failure.</summary>
    private async Task<TrackyardApiException> StatusFailureAsync(ApiResponse response, string? giveUpNote, CancellationToken cancellationToken)
    {
        var body = Array.Empty<byte>();
        try
        {
            body = await ResponseReader.ReadCappedAsync(response.Message.Content, ResponseReader.MaxErrorBodyBytes, truncate: true, response.BodyToken)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
        catch (Exception)
        {
            // The status alone still tells what happened; a body that cannot be read adds nothing.
        }

        var parsed = ResponseReader.ParseErrorBody(body);
        var status = response.StatusCode;
        var statusText = StatusText(response.Message);
        var apiMessage = _key.Redact(parsed.Message ?? parsed.Error ?? statusText)!;
        var kind = ErrorMapper.KindForStatus(status);
        var retryAfter = response.RetryAfter ?? parsed.RetryAfter;

        var message = $"Trackyard API returned {status} {statusText}";
        message += string.Equals(apiMessage, statusText, StringComparison.OrdinalIgnoreCase) ? "." : ": " + apiMessage.TrimEnd('.') + ".";
        if (kind == TrackyardFailureKind.RateLimited && retryAfter is { } wait)
        {
            message += $" Retry after {Math.Ceiling(wait.TotalSeconds)} s; the limit frees up at {WaitText.LocalTimeAfter(wait, _time)}.";
        }

        if (giveUpNote != null)
        {
            message += " " + giveUpNote;
        }

        if (response.RedirectNote != null)
        {
            message += " " + response.RedirectNote;
        }
        else if (status is >= 300 and < 400)
        {
            message += " This redirect status is not followed.";
        }

        return new TrackyardApiException(kind, message)
        {
            StatusCode = status,
            ErrorCode = _key.Redact(parsed.Code),
            ApiError = _key.Redact(parsed.Error),
            ApiMessage = apiMessage,
            RequestId = _key.Redact(parsed.RequestId) ?? response.RequestId,
            RetryAfter = retryAfter,
            RateLimit = response.RateLimit,
        };
    }

    private static TrackyardApiException WithResponse(TrackyardApiException exception, ApiResponse response)
    {
        exception.StatusCode ??= response.StatusCode;
        exception.RequestId ??= response.RequestId;
        exception.RateLimit ??= response.RateLimit;
        return exception;
    }

    private string Endpoint(HttpRequestMessage request)
    {
        var path = request.RequestUri?.PathAndQuery ?? string.Empty;
        var basePath = _options.BaseUri.AbsolutePath.TrimEnd('/');
        if (basePath.Length > 0 && path.StartsWith(basePath, StringComparison.Ordinal))
        {
            path = path.Substring(basePath.Length);
        }

        return request.Method + " " + path;
    }

    private static string StatusText(HttpResponseMessage message) =>
        DisplayText.Clean(message.ReasonPhrase, 100) ?? DefaultStatusText((int)message.StatusCode);

    private static string DefaultStatusText(int status) => status switch
    {
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        429 => "Too Many Requests",
        500 => "Internal Server Error",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        _ => "HTTP " + status,
    };

    private static string Innermost(Exception ex)
    {
        var innermost = ex;
        while (innermost.InnerException != null)
        {
            innermost = innermost.InnerException;
        }

        return DisplayText.Clean(innermost.Message, 300) ?? ex.GetType().Name;
    }

    private void ThrowIfDisposed()
    {
        if (Volatile.Read(ref _disposed) == 1)
        {
            throw Disconnected();
        }
    }

    private static TrackyardApiException Disconnected() => new(
        TrackyardFailureKind.NotConnected,
        "This Trackyard connection was closed by Disconnect-Trackyard. Run Connect-Trackyard to connect again.");
}
