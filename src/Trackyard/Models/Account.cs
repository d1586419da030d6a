using System;

namespace Trackyard;

/// <summary>The account behind the API key, from Get-TrackyardAccount.</summary>
public sealed class Account
{
    /// <summary>The plan: free, starter or pro.</summary>
    public string Tier { get; set; } = string.Empty;

    /// <summary>Credits left; null means unlimited.</summary>
    public long? CreditsRemaining { get; set; }

    /// <summary>Credits granted each month, when the plan has a monthly allowance.</summary>
    public long? MonthlyAllowance { get; set; }

    /// <summary>Requests allowed per minute.</summary>
    public int? RequestsPerMinute { get; set; }

    /// <summary>Requests allowed per day; null means unlimited.</summary>
    public int? RequestsPerDay { get; set; }

    /// <summary>When the key was created.</summary>
    public DateTimeOffset? CreatedAt { get; set; }

    /// <summary>When the key was last used, if ever.</summary>
    public DateTimeOffset? LastUsedAt { get; set; }

    /// <summary>A one-line summary.</summary>
    public override string ToString() =>
        "Trackyard " + Tier + " account, " + (CreditsRemaining?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "unlimited") + " credits left";
}
