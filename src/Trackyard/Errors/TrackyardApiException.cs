using System;

namespace Trackyard;

/// <summary>
/// A failed Trackyard call. Carried by every ErrorRecord the module writes; never contains the API key.
/// </summary>
public sealed class TrackyardApiException : Exception
{
    internal TrackyardApiException(TrackyardFailureKind kind, string message, Exception? innerException = null)
        : base(message, innerException)
    {
        Kind = kind;
    }

    /// <summary>What went wrong, as one row of the error table.</summary>
    public TrackyardFailureKind Kind { get; }

    /// <summary>The HTTP status code, when the service answered.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>The API's machine-readable <c>code</c> field, when present.</summary>
    public string? ErrorCode { get; internal set; }

    /// <summary>The API's <c>error</c> field, when present.</summary>
    public string? ApiError { get; internal set; }

    /// <summary>The API's message: <c>message</c>, else <c>error</c>, else the status text.</summary>
    public string? ApiMessage { get; internal set; }

    /// <summary>The request id from the body or the <c>X-Request-Id</c> header, for support.</summary>
    public string? RequestId { get; internal set; }

    /// <summary>How long the service asked to wait before retrying, when it said so.</summary>
    public TimeSpan? RetryAfter { get; internal set; }

    /// <summary>The rate-limit and credit headers of the failed response, when there was one.</summary>
    public RateLimitSnapshot? RateLimit { get; internal set; }
}
