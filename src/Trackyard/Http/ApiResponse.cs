using System;
using System.Linq;
using System.Net.Http;

namespace Trackyard;

/// <summary>
/// An answer whose status and headers have been read, within one attempt: the rate-limit headers, the waits it asks
/// for and the texts it carries, each made safe by <see cref="WireText"/>. Its body is read by the endpoint before
/// the attempt ends, when the response is disposed.
/// </summary>
internal sealed class ApiResponse : IDisposable
{
    internal ApiResponse(HttpResponseMessage message, WireText wire, DateTimeOffset receivedAt, string? redirectNote)
    {
        Message = message;
        Wire = wire;
        RedirectNote = redirectNote;
        var headers = message.Headers;
        RateLimit = RateLimitHeaders.Read(headers, receivedAt);
        RetryAfter = Trackyard.RetryAfter.FromHeaders(headers, receivedAt);
        IgnoredRetryAfter = wire.Clean(RateLimitHeaders.Ignored(headers, "Retry-After", RetryAfter), 100);
        IgnoredReset = wire.Clean(RateLimitHeaders.Ignored(headers, "RateLimit-Reset", RateLimit?.ResetAfter), 100);
        RequestId = wire.Clean(RateLimitHeaders.RequestId(headers), 200);
        StatusText = wire.Clean(message.ReasonPhrase, 100) ?? ErrorTable.ForStatus(StatusCode).Text;
    }

    internal HttpResponseMessage Message { get; }

    /// <summary>Whether the body is read with blocking I/O, as the request was sent (see <see cref="WaitingThread"/>).</summary>
    internal bool ReadsBlocking { get; set; }

    /// <summary>Cleans every text this answer brings (it knows the connection's key).</summary>
    internal WireText Wire { get; }

    internal int StatusCode => (int)Message.StatusCode;

    internal bool IsSuccess => StatusCode is >= 200 and <= 299;

    /// <summary>The reason phrase, made safe, or the table's text for the status.</summary>
    internal string StatusText { get; }

    internal RateLimitSnapshot? RateLimit { get; }

    /// <summary>The Retry-After header, resolved against the clock when the response arrived.</summary>
    internal TimeSpan? RetryAfter { get; }

    /// <summary>A Retry-After that was sent but is ignored (garbage, or longer than a day), made safe; else null.</summary>
    internal string? IgnoredRetryAfter { get; }

    /// <summary>A RateLimit-Reset that was sent but is ignored, made safe; else null.</summary>
    internal string? IgnoredReset { get; }

    internal string? RequestId { get; }

    /// <summary>Why a redirect was not followed, or that it led to another address without the key; null otherwise.</summary>
    internal string? RedirectNote { get; }

    /// <summary>The media type of the body ("audio/mpeg"), as sent, or null.</summary>
    internal string? MediaType => Message.Content?.Headers.ContentType?.MediaType;

    /// <summary>The announced body length, when the server sent one.</summary>
    internal long? ContentLength => Message.Content?.Headers.ContentLength;

    /// <summary>The Content-Encoding values the server applied to the body (empty when none).</summary>
    internal string[] ContentEncodings => Message.Content?.Headers.ContentEncoding.ToArray() ?? Array.Empty<string>();

    /// <summary>Stamps a failure that belongs to this answer with its status, request id and rate-limit headers.</summary>
    internal TrackyardApiException Annotate(TrackyardApiException failure)
    {
        failure.StatusCode ??= StatusCode;
        failure.RequestId ??= RequestId;
        failure.RateLimit ??= RateLimit;
        failure.Delivery = Delivery.Answered;
        return failure;
    }

    public void Dispose() => Message.Dispose();
}
