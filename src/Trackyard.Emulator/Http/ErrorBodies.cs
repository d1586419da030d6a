using System.Buffers;
using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;

namespace Trackyard.Emulator;

/// <summary>
/// Error bodies and their titles per status. The default profile sends the superset
/// <c>{error, message, code, request_id}</c> (plus <c>retry_after</c> on 429). The docs profile sends them exactly as
/// the public error-code page shows them: <c>{error, code}</c> for 400 (the error is the message, the code
/// <c>invalid_parameters</c>), <c>{error, message}</c> for every other status.
/// </summary>
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

    /// <summary>The body for <paramref name="status"/> in the given profile; <paramref name="requestId"/> and <paramref name="retryAfter"/> only in the default profile.</summary>
    public static byte[] Serialize(EmulatorProfile profile, int status, string? code, string? message, string? requestId, long? retryAfter = null)
    {
        var defaults = Defaults(status);
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var json = new Utf8JsonWriter(buffer, JsonResponse.WriterOptions))
        {
            json.WriteStartObject();
            if (profile == EmulatorProfile.Docs)
            {
                if (status == 400)
                {
                    // The docs' only 400 example: {"error": "hit_point_seconds requires duration_seconds", "code": "invalid_parameters"}.
                    json.WriteString("error", message ?? defaults.Message);
                    json.WriteString("code", BadRequestException.InvalidParameters);
                }
                else
                {
                    json.WriteString("error", defaults.Error);
                    json.WriteString("message", message ?? defaults.Message);
                }
            }
            else
            {
                json.WriteString("error", defaults.Error);
                json.WriteString("message", message ?? defaults.Message);
                json.WriteString("code", code ?? defaults.Code);
                if (requestId is not null)
                {
                    json.WriteString("request_id", requestId);
                }

                if (retryAfter is { } seconds)
                {
                    json.WriteNumber("retry_after", seconds);
                }
            }

            json.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>Writes the error answer in the profile of the emulator that serves <paramref name="context"/>.</summary>
    public static Task WriteAsync(HttpContext context, int status, string? code, string? message, long? retryAfter = null)
    {
        var profile = context.RequestServices.GetRequiredService<EmulatorState>().Options.Profile;
        var requestId = profile == EmulatorProfile.Default ? RequestIds.Of(context) : null;
        var body = Serialize(profile, status, code, message, requestId, retryAfter);
        return JsonResponse.WriteBytesAsync(context, status, body);
    }

    private static string Reason(int status) => ReasonPhrases.GetReasonPhrase(status) is { Length: > 0 } phrase ? phrase : $"HTTP {status}";
}
