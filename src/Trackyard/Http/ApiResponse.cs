using System;
using System.Net.Http;
using System.Threading;

namespace Trackyard;

/// <summary>
/// A response whose headers have been read. It keeps the request's timeout running, so a body read later
/// (a streamed download) is still bounded by the per-request timeout. Dispose it when done.
/// </summary>
internal sealed class ApiResponse : IDisposable
{
    private readonly CancellationTokenSource _timeout;
    private readonly CancellationTokenSource _linked;
    private int _disposed;

    internal ApiResponse(HttpResponseMessage message, CancellationTokenSource timeout, CancellationTokenSource linked)
    {
        Message = message;
        _timeout = timeout;
        _linked = linked;
    }

    internal HttpResponseMessage Message { get; }

    internal int StatusCode => (int)Message.StatusCode;

    internal bool IsSuccess => StatusCode is >= 200 and <= 299;

    /// <summary>Cancelled by the caller's token or by the per-request timeout: use it to read the body.</summary>
    internal CancellationToken BodyToken => _linked.Token;

    /// <summary>Whether the per-request timeout (not the caller) has fired.</summary>
    internal bool TimedOut => _timeout.IsCancellationRequested;

    internal RateLimitSnapshot? RateLimit { get; set; }

    internal string? RequestId { get; set; }

    /// <summary>The Retry-After header, already resolved against the clock when the response arrived.</summary>
    internal TimeSpan? RetryAfter { get; set; }

    /// <summary>Why a redirect was not followed, or that it led to another address without the key; null otherwise.</summary>
    internal string? RedirectNote { get; set; }

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        Message.Dispose();
        _linked.Dispose();
        _timeout.Dispose();
    }
}
