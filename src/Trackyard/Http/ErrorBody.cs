using System.Text.Json;

namespace Trackyard;

/// <summary>
/// What an error body said, as far as it could be read: every shape of the contract, no body, HTML, invalid JSON or
/// fields of the wrong type (ignored). Each text is made safe by the response's <see cref="WireText"/>.
/// </summary>
internal sealed class ErrorBody
{
    /// <summary>How much of an error body is read; the rest is ignored.</summary>
    internal const int MaxBytes = 64 * 1024;

    internal string? Error { get; private set; }

    internal string? Message { get; private set; }

    internal string? Code { get; private set; }

    internal string? RequestId { get; private set; }

    internal System.TimeSpan? RetryAfter { get; private set; }

    /// <summary>A <c>retry_after</c> that was sent but is ignored (longer than a day, or negative), as text; else null.</summary>
    internal string? IgnoredRetryAfter { get; private set; }

    /// <summary>Reads <paramref name="body"/>; never throws.</summary>
    internal static ErrorBody Parse(byte[] body, WireText wire)
    {
        var result = new ErrorBody();
        if (body.Length == 0)
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            result.Error = Text(root, "error", wire);
            result.Message = Text(root, "message", wire);
            result.Code = Text(root, "code", wire);
            result.RequestId = Text(root, "request_id", wire);
            if (root.TryGetProperty("retry_after", out var retry) && retry.ValueKind == JsonValueKind.Number && retry.TryGetDouble(out var seconds))
            {
                result.RetryAfter = Trackyard.RetryAfter.FromSeconds(seconds);
                result.IgnoredRetryAfter = result.RetryAfter is null ? retry.GetRawText() : null;
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page from a proxy, a truncated body): the status text will have to do.
        }

        return result;
    }

    private static string? Text(JsonElement root, string name, WireText wire)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return wire.Clean(value.GetString(), 1000);
        }
        catch (System.InvalidOperationException)
        {
            // The parser checks structure only: invalid UTF-8 or a lone surrogate shows up when the string is read.
            return null;
        }
    }
}
