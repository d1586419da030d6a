using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace Trackyard;

/// <summary>Reads <c>Retry-After</c> in both of its forms: delta seconds and an HTTP date.</summary>
internal static class RetryAfter
{
    /// <summary>Longer than this is not a wait but a garbage value; it is ignored.</summary>
    internal static readonly TimeSpan Absurd = TimeSpan.FromDays(366);

    internal static TimeSpan? FromHeaders(HttpResponseHeaders headers, DateTimeOffset now) =>
        headers.TryGetValues("Retry-After", out var values) ? Parse(values.FirstOrDefault(), now) : null;

    /// <summary>Delta seconds or an RFC 1123 date; a past date means zero; garbage, negatives and absurd values mean null.</summary>
    internal static TimeSpan? Parse(string? value, DateTimeOffset now)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }

        if (value!.All(c => c is >= '0' and <= '9'))
        {
            return long.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds)
                ? FromSeconds(seconds)
                : null;
        }

        if (DateTimeOffset.TryParseExact(value, "r", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal, out var date))
        {
            var wait = date - now;
            return wait <= TimeSpan.Zero ? TimeSpan.Zero : wait > Absurd ? null : wait;
        }

        return null;
    }

    /// <summary>A wait given as a number of seconds (body <c>retry_after</c>, <c>RateLimit-Reset</c>).</summary>
    internal static TimeSpan? FromSeconds(double seconds) =>
        double.IsNaN(seconds) || seconds < 0 || seconds > Absurd.TotalSeconds ? null : TimeSpan.FromSeconds(seconds);
}
