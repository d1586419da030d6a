using System;

namespace Trackyard;

/// <summary>
/// A failed Trackyard call. Carried by every ErrorRecord the module writes; never contains the API key, and its
/// inner exceptions are redacted copies of what .NET reported.
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

    /// <summary>The message, followed by why the module did not try again when that is worth knowing.</summary>
    public override string Message => Note is null ? base.Message : base.Message + " " + Note;

    /// <summary>The HTTP status code, when the service answered.</summary>
    public int? StatusCode { get; internal set; }

    /// <summary>The API's machine-readable <c>code</c> field, when present.</summary>
    public string? ErrorCode { get; internal set; }

    /// <summary>The API's <c>error</c> field, when present.</summary>
    public string? ApiError { get; internal set; }

    /// <summary>The API's message: <c>message</c>, else <c>error</c>, else the status text; null when the service did not answer.</summary>
    public string? ApiMessage { get; internal set; }

    /// <summary>The request id from the body or the <c>X-Request-Id</c> header, for support.</summary>
    public string? RequestId { get; internal set; }

    /// <summary>How long the service asked to wait before retrying, when it said so.</summary>
    public TimeSpan? RetryAfter { get; internal set; }

    /// <summary>The rate-limit and credit headers of the failed response, when there was one.</summary>
    public RateLimitSnapshot? RateLimit { get; internal set; }

    /// <summary>Whether the request may have reached the service: false only when it certainly never left this machine.</summary>
    public bool MayHaveReachedService => Delivery != Delivery.NotSent;

    /// <summary>How far the request got; decides whether a charged request may be sent again.</summary>
    internal Delivery Delivery { get; set; } = Delivery.NotSent;

    /// <summary>Why the module did not retry (or stopped retrying), appended to the message and shown in the console.</summary>
    internal string? Note { get; set; }

    /// <summary>A recommended action that fits this failure better than the table's default, or null.</summary>
    internal string? Advice { get; set; }

    /// <summary>What the failed request was about ("track 'abc'"), so that two failures read differently; or null.</summary>
    internal string? Subject { get; set; }
}

/// <summary>How far a failed request got.</summary>
internal enum Delivery
{
    /// <summary>It never left this machine (refused connection, name not resolved, TLS or proxy refusal, held back).</summary>
    NotSent,

    /// <summary>It may have reached the service, which did not answer (reset, timeout, oversized or broken answer).</summary>
    MaybeReceived,

    /// <summary>The service answered with a status.</summary>
    Answered,
}
