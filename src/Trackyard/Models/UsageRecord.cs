using System;
using System.Globalization;

namespace Trackyard;

/// <summary>One API call of the key, from Get-TrackyardUsage.</summary>
public sealed class UsageRecord
{
    /// <summary>When the call was made.</summary>
    public DateTimeOffset Timestamp { get; set; }

    /// <summary>The short path of the endpoint, e.g. /search.</summary>
    public string Endpoint { get; set; } = string.Empty;

    /// <summary>The HTTP status the call got (0 when the service did not say).</summary>
    public int StatusCode { get; set; }

    /// <summary>Credits the call cost.</summary>
    public long CreditsConsumed { get; set; }

    /// <summary>How long the service took to answer.</summary>
    public TimeSpan ResponseTime { get; set; }

    /// <summary>"2026-01-05T10:00:00.000Z /search 200 (1 credit)".</summary>
    public override string ToString() => string.Format(
        CultureInfo.InvariantCulture,
        "{0:yyyy-MM-dd'T'HH:mm:ss.fff'Z'} {1} {2} ({3} credit{4})",
        Timestamp.UtcDateTime,
        Endpoint,
        StatusCode,
        CreditsConsumed,
        CreditsConsumed == 1 ? string.Empty : "s");
}
