using System;
using System.Globalization;
using System.Linq;
using System.Net.Http.Headers;

namespace Trackyard;

/// <summary>Reads the rate-limit and credit headers every response carries; garbage values become null.</summary>
internal static class RateLimitHeaders
{
    /// <summary>The snapshot of a response, or null when it carried none of the headers.</summary>
    internal static RateLimitSnapshot? Read(HttpResponseHeaders headers, DateTimeOffset observedAt)
    {
        var snapshot = new RateLimitSnapshot
        {
            Limit = ReadLong(headers, "X-RateLimit-Limit"),
            Remaining = ReadLong(headers, "X-RateLimit-Remaining"),
            LimitDaily = ReadLong(headers, "X-RateLimit-Limit-Daily"),
            RemainingDaily = ReadLong(headers, "X-RateLimit-Remaining-Daily"),
            CreditsRemaining = ReadLong(headers, "X-Credits-Remaining"),
            ResetAfter = ReadSeconds(headers, "RateLimit-Reset"),
            ObservedAt = observedAt,
        };

        var any = snapshot.Limit.HasValue || snapshot.Remaining.HasValue || snapshot.LimitDaily.HasValue
            || snapshot.RemainingDaily.HasValue || snapshot.CreditsRemaining.HasValue || snapshot.ResetAfter.HasValue;
        return any ? snapshot : null;
    }

    /// <summary>The <c>X-Request-Id</c> header as sent (clean it before showing it).</summary>
    internal static string? RequestId(HttpResponseHeaders headers) => First(headers, "X-Request-Id");

    /// <summary>A wait header that was sent but cannot be used (garbage, negative, or longer than a day), as sent; else null.</summary>
    internal static string? Ignored(HttpResponseHeaders headers, string name, TimeSpan? parsed) =>
        parsed is null && First(headers, name) is { } raw && raw.Trim().Length > 0 ? raw : null;

    private static long? ReadLong(HttpResponseHeaders headers, string name) =>
        First(headers, name) is { } value && long.TryParse(value.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) && number >= 0
            ? number
            : null;

    private static TimeSpan? ReadSeconds(HttpResponseHeaders headers, string name) =>
        First(headers, name) is { } value && double.TryParse(value.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
            ? RetryAfter.FromSeconds(seconds)
            : null;

    private static string? First(HttpResponseHeaders headers, string name) =>
        headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;
}
