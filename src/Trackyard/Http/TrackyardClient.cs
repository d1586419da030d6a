using System;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;
using Trackyard.Resilience;

namespace Trackyard;

/// <summary>
/// The one HTTP transport of a connection. <see cref="SendAsync{T}"/> reserves a credit of the connection's budget
/// for a charged request, then runs the request through the connection's resilience pipeline (retries, the key's
/// shared send gate, the per-attempt timeout); each attempt sends the request, follows redirects, reads the status
/// and headers, turns an error status into the error table's failure and lets the endpoint read the body. It fails
/// only with <see cref="TrackyardApiException"/>, or with <see cref="OperationCanceledException"/> when the caller
/// cancelled. The endpoints (Search/, Download/, Preview/, Account/, Usage/) build the requests and read the bodies.
/// </summary>
internal sealed class TrackyardClient : IDisposable
{
    private readonly HttpClient _http;
    private readonly ApiKey _key;
    private readonly WireText _wire;
    private readonly TrackyardClientOptions _options;
    private readonly TimeProvider _time;
    private readonly CallPipeline<ApiCall, GateTicket> _pipeline;
    private readonly bool _mayBlock;
    private readonly Action<RateLimitSnapshot>? _onRateLimit;
    private readonly object _lifetime = new();
    private int _callsInFlight;
    private bool _closed;
    private bool _released;

    /// <param name="key">The key; the client owns it and wipes it when it is disposed and its last call has ended.</param>
    /// <param name="options">Base URI, timeout, User-Agent, retry options, proxy, credit limit, search cache lifetime.</param>
    /// <param name="handler">The transport; tests pass a stub. Null = <see cref="CreateDefaultHandler"/>.</param>
    /// <param name="timeProvider">The clock for timeouts and waits.</param>
    /// <param name="onRateLimit">Called with the rate-limit headers of every answer from an API endpoint that has them.</param>
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
        _wire = new WireText(key);
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _onRateLimit = onRateLimit;
        Credits = new CreditBudget(options.CreditLimit);
        SearchCache = new SearchCache(options.SearchCacheLifetime, _time);
        var gate = new KeyGate((limiters ?? RateLimiterRegistry.For(_time, options.Retry)).For(options.BaseUri, key));
        _pipeline = new CallPipeline<ApiCall, GateTicket>(
            new IRetryRule<ApiCall>[] { new RateLimitRetry(), new TransientRetry(options.Retry.MaxTransientRetries) },
            gate,
            options.Timeout,
            _time);

        // The real transport can send and read with blocking I/O (see WaitingThread); a test's stub handler may not.
        _mayBlock = handler is null;

        // The timeout is the pipeline's, per attempt, so that a timeout and Ctrl+C can be told apart.
        _http = new HttpClient(handler ?? CreateDefaultHandler(options.BaseUri, options.Proxy), disposeHandler: true)
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    /// <summary>What this connection's answers show it spent, and its spending limit.</summary>
    internal CreditBudget Credits { get; }

    /// <summary>The search pages this connection answered lately (see <see cref="SearchEndpoint"/>).</summary>
    internal SearchCache SearchCache { get; }

    /// <summary>
    /// The real transport. Its own redirects are off: HttpClientHandler would resend the Authorization header to
    /// wherever a 3xx points; <see cref="RedirectPolicy"/> follows them instead. Nothing asks for compression: audio
    /// is compressed already, and a compressed body could expand without bound. Plain http (allowed only to this
    /// machine) never goes through a proxy, where the key would travel in clear text; https uses the connection's
    /// proxy or the system's. Certificate validation is left as the platform does it (never switched off).
    /// </summary>
    /// <param name="baseUri">The normalised base URI.</param>
    /// <param name="proxy">The connection's proxy (-Proxy); null = the system proxy and HTTPS_PROXY/HTTP_PROXY/NO_PROXY.</param>
    internal static HttpMessageHandler CreateDefaultHandler(Uri baseUri, IWebProxy? proxy = null) => new HttpClientHandler
    {
        UseProxy = baseUri.Scheme == Uri.UriSchemeHttps,
        Proxy = baseUri.Scheme == Uri.UriSchemeHttps ? proxy : null,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.None,
    };

    /// <summary>
    /// Sends <paramref name="request"/> through the pipeline. <paramref name="read"/> reads the body of a successful
    /// answer within its attempt (and its timeout); an error status is thrown as the error table's failure.
    /// A charged request first reserves one credit of the connection's budget (or fails with CreditLimitReached,
    /// sending nothing); the reservation covers all its attempts and is settled once, by how far the last one got.
    /// </summary>
    internal async Task<T> SendAsync<T>(ApiRequest request, Func<ApiResponse, CancellationToken, Task<T>> read, CallOptions options, CancellationToken cancellationToken)
    {
        Enter();
        var call = new ApiCall(request, options, _options.Retry, _time, cancellationToken);
        CreditReservation? credit = null;
        try
        {
            if (request.Charged)
            {
                credit = await Credits.ReserveAsync(request, call.Observer, cancellationToken).ConfigureAwait(false);
            }

            return await _pipeline.ExecuteAsync((ticket, token) => AttemptAsync(call, ticket, read, token), call, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (credit != null)
            {
                options.Tally.Add(credit.Settle(call.Reached, call.AnsweredStatus));
            }

            Leave();
        }
    }

    /// <summary>Closes the client: new calls fail with NotConnected; calls in flight finish with the key they started with.</summary>
    public void Dispose()
    {
        bool release;
        lock (_lifetime)
        {
            _closed = true;
            release = _callsInFlight == 0 && !_released;
            _released |= release;
        }

        if (release)
        {
            Release();
        }
    }

    /// <summary>One attempt: send (following redirects), read the status and headers, then the body.</summary>
    private async Task<T> AttemptAsync<T>(ApiCall call, GateTicket ticket, Func<ApiResponse, CancellationToken, Task<T>> read, CancellationToken attemptToken)
    {
        var request = call.Request;
        var started = _time.GetTimestamp();
        if (call.Observer.VerboseOn)
        {
            call.Observer.OnVerbose($"{request.Name}: sending");
        }

        HttpResponseMessage message;
        string? redirectNote;
        var blocking = _mayBlock && WaitingThread.IsCurrent;
        call.Sending();
        try
        {
            (message, redirectNote) = await SendFollowingRedirectsAsync(call, blocking, attemptToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (!call.CancellationToken.IsCancellationRequested)
        {
            var timeout = attemptToken.IsCancellationRequested ? _options.Timeout : (TimeSpan?)null;
            var failure = TransportFailure.FromSend(ex, request, (request.Url ?? _options.BaseUri).Host, timeout, _wire);
            call.Unanswered(failure.Delivery);
            throw failure;
        }

        using var response = new ApiResponse(message, _wire, _time.GetUtcNow(), redirectNote) { ReadsBlocking = blocking };
        call.Answered(response.StatusCode);
        ticket.Complete(response.StatusCode, response.RateLimit, response.RetryAfter);
        if (call.Observer.VerboseOn)
        {
            call.Observer.OnVerbose($"{request.Name}: {response.StatusCode} {response.StatusText} ({_time.GetElapsedTime(started).TotalMilliseconds:0} ms)");
        }

        if (request.IsApiEndpoint)
        {
            ReportHeaders(response, call.Observer);
        }

        try
        {
            if (!response.IsSuccess)
            {
                throw await StatusFailureAsync(response, call, attemptToken).ConfigureAwait(false);
            }

            return await read(response, attemptToken).ConfigureAwait(false);
        }
        catch (TrackyardApiException ex) when (request.Charged && response.IsSuccess && ex.Kind == TrackyardFailureKind.InvalidResponse)
        {
            ex.Note ??= "Trackyard had answered, so it may have cost a credit; it was not sent again.";
            throw;
        }
        catch (OperationCanceledException ex) when (attemptToken.IsCancellationRequested && !call.CancellationToken.IsCancellationRequested)
        {
            var charged = request.Charged ? " Trackyard had answered, so it may have cost a credit." : string.Empty;
            throw response.Annotate(new TrackyardApiException(
                TrackyardFailureKind.Timeout,
                $"Trackyard did not finish the answer to {request.Name}{request.ForSubject} within {_options.Timeout.TotalSeconds:0} s.{charged}",
                TransportFailure.Redacted(ex, _wire)));
        }
    }

    /// <summary>Hands the rate-limit headers on, and warns about wait headers that are ignored.</summary>
    private void ReportHeaders(ApiResponse response, IApiCallObserver observer)
    {
        if (response.RateLimit != null)
        {
            _onRateLimit?.Invoke(response.RateLimit);
            if (observer.DebugOn)
            {
                observer.OnDebug("Rate limit: " + response.RateLimit);
            }
        }

        if (!response.IsSuccess && response.IgnoredRetryAfter is { } retryAfter)
        {
            observer.OnWarning(IgnoredWait("Retry-After", retryAfter));
        }

        if (response.IgnoredReset is { } reset)
        {
            observer.OnWarning(IgnoredWait("RateLimit-Reset", reset));
        }
    }

    private static string IgnoredWait(string header, string value) =>
        $"Trackyard sent {header}: {value}, which is no usable wait (the longest documented limit window is a day); the module ignores it and backs off on its own.";

    /// <summary>Turns an error status and whatever its body says into the table's failure.</summary>
    private async Task<TrackyardApiException> StatusFailureAsync(ApiResponse response, ApiCall call, CancellationToken attemptToken)
    {
        var bytes = Array.Empty<byte>();
        try
        {
            bytes = await JsonBody.ReadCappedAsync(response.Message.Content, ErrorBody.MaxBytes, truncate: true, response.ReadsBlocking, attemptToken).ConfigureAwait(false);
        }
        catch (Exception) when (!call.CancellationToken.IsCancellationRequested)
        {
            // The status alone still tells what happened; a body that cannot be read adds nothing.
        }

        var body = ErrorBody.Parse(bytes, response.Wire);
        if (body.IgnoredRetryAfter is { } ignored)
        {
            call.Observer.OnWarning(IgnoredWait("retry_after", ignored));
        }

        var status = response.StatusCode;
        var row = ErrorTable.ForStatus(status);
        var apiMessage = body.Message ?? body.Error ?? response.StatusText;
        var retryAfter = response.RetryAfter ?? body.RetryAfter;
        var message = $"Trackyard API returned {status} {response.StatusText}{call.Request.ForSubject}";
        message += string.Equals(apiMessage, response.StatusText, StringComparison.OrdinalIgnoreCase) ? "." : ": " + apiMessage.TrimEnd('.') + ".";
        if (row.Kind == TrackyardFailureKind.RateLimited)
        {
            message += RateLimitRetry.Usable(retryAfter) is { } wait
                ? $" Retry after {WaitText.Seconds(wait)} s; the limit frees up at {WaitText.LocalTimeAfter(wait, _time)}."
                : " Trackyard did not say when the limit frees up.";
        }

        if (response.RedirectNote != null)
        {
            message += " " + response.RedirectNote;
        }
        else if (row.Followed || status is >= 300 and < 400)
        {
            message += " This redirect was not followed.";
        }

        return response.Annotate(new TrackyardApiException(row.Kind, message)
        {
            ErrorCode = body.Code,
            ApiError = body.Error,
            ApiMessage = apiMessage,
            RequestId = body.RequestId ?? response.RequestId,
            RetryAfter = retryAfter,
            Subject = call.Request.Subject,
        });
    }

    /// <summary>
    /// Sends the call's request and follows the redirects the policy allows. Returns the last response and, when a
    /// redirect was refused or went to another address, a note for the error message.
    /// </summary>
    private async Task<(HttpResponseMessage Message, string? Note)> SendFollowingRedirectsAsync(ApiCall call, bool blocking, CancellationToken cancellationToken)
    {
        var name = call.Request.Name;
        using var first = CreateRequest(call.Request);
        PrepareHeaders(first, call.Request, sendKey: RedirectPolicy.IsSameOrigin(_options.BaseUri, first.RequestUri!));
        var message = await SendOneAsync(first, blocking, cancellationToken).ConfigureAwait(false);
        var current = first.RequestUri!;
        var method = first.Method;
        var keepBody = true;
        string? note = null;
        for (var redirects = 0; ErrorTable.ForStatus((int)message.StatusCode).Followed; redirects++)
        {
            var decision = Decide(method, current, message, redirects);
            if (decision.Refusal != null)
            {
                var refusal = _wire.Clean(decision.Refusal, 500)!;
                call.Observer.OnVerbose($"{name}: {(int)message.StatusCode} redirect not followed: {refusal}");
                return (message, refusal);
            }

            var target = decision.Target!;
            var shown = _wire.Clean(RedirectPolicy.Describe(target), 200);
            call.Observer.OnVerbose($"{name}: {(int)message.StatusCode} redirect to {decision.Method} {shown}"
                + (decision.SendKey ? string.Empty : " (another address: the API key is not sent)"));
            note = decision.SendKey ? null : $"The request was redirected to {shown}, another address, so the API key was not sent there.";
            message.Dispose();

            method = decision.Method!;
            current = target;
            keepBody &= decision.KeepBody;
            using var hop = CreateRequest(call.Request);
            hop.Method = method;
            hop.RequestUri = target;
            if (!keepBody)
            {
                hop.Content?.Dispose();
                hop.Content = null;
            }

            PrepareHeaders(hop, call.Request, decision.SendKey);
            message = await SendOneAsync(hop, blocking, cancellationToken).ConfigureAwait(false);
        }

        return (message, note);
    }

    /// <summary>Sends one request and reads its status and headers, blocking the thread when <paramref name="blocking"/> (PowerShell 7).</summary>
    private Task<HttpResponseMessage> SendOneAsync(HttpRequestMessage request, bool blocking, CancellationToken cancellationToken)
    {
#if NET
        if (blocking)
        {
            return Task.FromResult(_http.Send(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken));
        }
#endif
        return _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken);
    }

    private RedirectDecision Decide(HttpMethod method, Uri current, HttpResponseMessage message, int redirects)
    {
        var status = (int)message.StatusCode;
        var location = message.Headers.Location;
        if (location is null && message.Headers.TryGetValues("Location", out var raw) && raw.Any(value => !string.IsNullOrWhiteSpace(value)))
        {
            return RedirectDecision.Refuse($"The {status} redirect has a Location that is not a valid address ({string.Join(", ", raw)}).");
        }

        try
        {
            return RedirectPolicy.Decide(_options.BaseUri, method, current, status, location, redirects);
        }
        catch (UriFormatException)
        {
            return RedirectDecision.Refuse($"The {status} redirect has a Location that is not a valid address ({location}).");
        }
    }

    /// <summary>Accept, User-Agent and, when <paramref name="sendKey"/>, the Bearer key (a string only while the header is written).</summary>
    private void PrepareHeaders(HttpRequestMessage message, ApiRequest request, bool sendKey)
    {
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(request.Accept));
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (sendKey)
        {
            _key.UsePlainText(plain => message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", plain));
        }
    }

    private HttpRequestMessage CreateRequest(ApiRequest request)
    {
        var message = new HttpRequestMessage(request.Method, request.Url ?? BaseUriPolicy.Combine(_options.BaseUri, request.Path));
        if (request.Body != null)
        {
            message.Content = new ByteArrayContent(request.Body);
            message.Content.Headers.ContentType = new MediaTypeHeaderValue("application/json") { CharSet = "utf-8" };
        }

        return message;
    }

    /// <summary>Counts a call in; a closed client takes no new calls.</summary>
    private void Enter()
    {
        lock (_lifetime)
        {
            if (_closed)
            {
                throw Disconnected();
            }

            _callsInFlight++;
        }
    }

    /// <summary>Counts a call out; the last one out of a closed client releases it.</summary>
    private void Leave()
    {
        bool release;
        lock (_lifetime)
        {
            _callsInFlight--;
            release = _closed && _callsInFlight == 0 && !_released;
            _released |= release;
        }

        if (release)
        {
            Release();
        }
    }

    private void Release()
    {
        _http.Dispose();
        _key.Dispose();
    }

    private static TrackyardApiException Disconnected() => new(
        TrackyardFailureKind.NotConnected,
        "This Trackyard connection was closed by Disconnect-Trackyard. Run Connect-Trackyard to connect again.");
}
