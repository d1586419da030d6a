using System.Globalization;
using System.Text.Json.Serialization;

namespace Trackyard;

/// <summary>What to download: a track, optionally as a clip of a given length with its peak at a given second.</summary>
internal sealed class DownloadRequest
{
    /// <summary>The API's shortest clip.</summary>
    internal const int MinDurationSeconds = 10;

    /// <summary>The API's longest clip.</summary>
    internal const int MaxDurationSeconds = 300;

    internal DownloadRequest(string trackId, double? durationSeconds = null, double? hitPointSeconds = null)
    {
        TrackId = trackId;
        DurationSeconds = durationSeconds;
        HitPointSeconds = hitPointSeconds;
    }

    internal string TrackId { get; }

    /// <summary>Clip length in seconds, fractions allowed; null = the whole track.</summary>
    internal double? DurationSeconds { get; }

    /// <summary>Where the musical peak should land in the clip, in seconds; only with a duration, and smaller than it.</summary>
    internal double? HitPointSeconds { get; }

    /// <summary>Why the clip options cannot be sent, or null when they can (the API's own rules, checked before spending anything).</summary>
    internal static string? Check(double? durationSeconds, double? hitPointSeconds)
    {
        // Written so that NaN fails every range check.
        if (durationSeconds is double duration && !(duration >= MinDurationSeconds && duration <= MaxDurationSeconds))
        {
            return $"-DurationSeconds must be between {MinDurationSeconds} and {MaxDurationSeconds}.";
        }

        if (hitPointSeconds is not double hitPoint)
        {
            return null;
        }

        if (durationSeconds is not double clip)
        {
            return "-HitPointSeconds needs -DurationSeconds: the hit point is a second within the clip.";
        }

        return !(hitPoint >= 0 && hitPoint < clip)
            ? string.Format(CultureInfo.InvariantCulture, "-HitPointSeconds ({0}) must be 0 or more and smaller than -DurationSeconds ({1}).", hitPoint, clip)
            : null;
    }

    internal WireDownloadRequest ToWire() => new()
    {
        TrackId = TrackId,
        DurationSeconds = DurationSeconds,
        HitPointSeconds = DurationSeconds is null ? null : HitPointSeconds,
    };
}

/// <summary>Body of POST /download-track; the clip fields are omitted when null.</summary>
internal sealed class WireDownloadRequest
{
    [JsonPropertyName("track_id")]
    public string TrackId { get; set; } = string.Empty;

    /// <summary>A JSON number as given: 30 is sent as 30, 22.5 as 22.5.</summary>
    [JsonPropertyName("duration_seconds")]
    public double? DurationSeconds { get; set; }

    [JsonPropertyName("hit_point_seconds")]
    public double? HitPointSeconds { get; set; }
}
