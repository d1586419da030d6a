using System;

namespace Trackyard;

/// <summary>The rate-limit and credit headers of one response.</summary>
public sealed class RateLimitSnapshot
{
    /// <summary>Requests allowed per minute (<c>X-RateLimit-Limit</c>).</summary>
    public long? Limit { get; set; }

    /// <summary>Requests left in the current minute (<c>X-RateLimit-Remaining</c>).</summary>
    public long? Remaining { get; set; }

    /// <summary>Requests allowed per day (<c>X-RateLimit-Limit-Daily</c>).</summary>
    public long? LimitDaily { get; set; }

    /// <summary>Requests left today (<c>X-RateLimit-Remaining-Daily</c>).</summary>
    public long? RemainingDaily { get; set; }

    /// <summary>Credits left on the account (<c>X-Credits-Remaining</c>).</summary>
    public long? CreditsRemaining { get; set; }

    /// <summary>When the window frees up, from the optional <c>RateLimit-Reset</c> header.</summary>
    public TimeSpan? ResetAfter { get; set; }

    /// <summary>When the response was received.</summary>
    public DateTimeOffset ObservedAt { get; set; }

    /// <summary>
    /// A one-line summary, remaining/limit: "4/10 per minute, 494/500 per day, credits 298". The service leaves out
    /// the headers of a limit the key does not have, so a limit without either header reads "unlimited".
    /// </summary>
    public override string ToString() =>
        $"{Window(Remaining, Limit)} per minute, {Window(RemainingDaily, LimitDaily)} per day, {Credits(CreditsRemaining)}";

    private static string Window(long? remaining, long? limit) =>
        remaining is null && limit is null ? "unlimited" : Show(remaining) + "/" + Show(limit);

    private static string Credits(long? remaining) =>
        "credits " + (remaining is null ? "unlimited" : Show(remaining));

    private static string Show(long? value) => value?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "?";
}
