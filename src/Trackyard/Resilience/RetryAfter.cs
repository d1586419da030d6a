using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace Trackyard;

/// <summary>
/// Reads the waits the service asks for: <c>Retry-After</c> in both of its forms (delta seconds and an HTTP date),
/// and the seconds of <c>RateLimit-Reset</c> and a body's <c>retry_after</c>. A wait longer than the longest
/// documented window (a day) cannot be meant; it is treated as a garbage value, so that one bad header can never
/// hold a key back for a year.
/// </summary>
internal static class RetryAfter
{
    /// <summary>The longest documented rate-limit window: no wait the service asks for can be longer.</summary>
    internal static readonly TimeSpan Longest = TimeSpan.FromDays(1);

    /// <summary>The Retry-After header, or null when it is missing or unusable.</summary>
    internal static TimeSpan? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now) =>
        Parse(Raw(headers), now);

    /// <summary>The Retry-After header as sent (for the warning about a value that is ignored).</summary>
    internal static string? Raw(HttpResponseHeaders headers) =>
        headers.TryGetValues("Retry-After", out var values) ? values.FirstOrDefault() : null;

    /// <summary>Delta seconds or an RFC 1123 date; a past date means zero; garbage, negatives and waits beyond a day mean null.</summary>
    internal static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value!.All(c => c is >= '0' and <= '9'))
        {
            return double.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) ? FromSeconds(seconds) : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
        {
            var wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > Longest ? null : wait;
        }

        return null;
    }

    /// <summary>A wait given as a number of seconds; null for garbage, negatives and waits beyond a day.</summary>
    internal static TimeSpan? FromSeconds(double seconds) =>
        double.IsNaN(seconds) || seconds < 0 || seconds > Longest.TotalSeconds ? null : TimeSpan.FromSeconds(seconds);
}
