using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Trackyard.Emulator;

/// <summary>The error body <c>{error, message, code, request_id}</c> (plus <c>retry_after</c> on 429) and its titles per status.</summary>
public static class ErrorBodies
{
    public const string Unauthorized = "unauthorized";
    public const string OutOfCredits = "out_of_credits";
    public const string Forbidden = "forbidden";
    public const string NotFound = "not_found";
    public const string RateLimited = "rate_limited";
    public const string InternalError = "internal_error";

    /// <summary>Title, default code and default message per status, as on the error-code page.</summary>
    public static (string Error, string Code, string Message) Defaults(int status) => status switch
    {
        400 => ("Bad Request", BadRequestException.InvalidParameters, "Invalid request parameters"),
        401 => ("Unauthorized", Unauthorized, "Invalid API key"),
        402 => ("Out of credits", OutOfCredits, "Please top up or upgrade your plan"),
        403 => ("Forbidden", Forbidden, "This feature requires a paid plan"),
        404 => ("Not Found", NotFound, "Not found"),
        429 => ("Too Many Requests", RateLimited, "Rate limit exceeded"),
        500 => ("Internal Server Error", InternalError, "An unexpected error occurred"),
        >= 500 => (Reason(status), InternalError, Reason(status)),
        _ => (Reason(status), Reason(status).ToLowerInvariant().Replace(' ', '_').Replace("-", "_"), Reason(status)),
    };

    public static byte[] Serialize(int status, string? code, string? message, string requestId, long? retryAfter = null)
    {
        var defaults = Defaults(status);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions))
        {
            json.WriteStartObject();
            json.WriteString("error", defaults.Error);
            json.WriteString("message", message ?? defaults.Message);
            json.WriteString("code", code ?? defaults.Code);
            json.WriteString("request_id", requestId);
            if (retryAfter is { } seconds)
            {
                json.WriteNumber("retry_after", seconds);
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static Task WriteAsync(HttpContext context, int status, string? code, string? message, long? retryAfter = null)
    {
        var body = Serialize(status, code, message, RequestIds.Of(context), retryAfter);
        return JsonResponse.WriteBytesAsync(context, status, body);
    }

    private static string Reason(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
