using System.Text.Json.Serialization;

namespace Trackyard;

/// <summary>What to download: a track, optionally as a clip of a given length with its peak at a given second.</summary>
internal sealed class DownloadRequest
{
    /// <summary>The API's shortest clip.</summary>
    internal const int MinDurationSeconds = 10;

    /// <summary>The API's longest clip.</summary>
    internal const int MaxDurationSeconds = 300;

    internal DownloadRequest(string trackId, int? durationSeconds = null, int? hitPointSeconds = null)
    {
        TrackId = trackId;
        DurationSeconds = durationSeconds;
        HitPointSeconds = hitPointSeconds;
    }

    internal string TrackId { get; }

    /// <summary>Clip length; null = the whole track.</summary>
    internal int? DurationSeconds { get; }

    /// <summary>Where the musical peak should land in the clip; only with a duration, and smaller than it.</summary>
    internal int? HitPointSeconds { get; }

    /// <summary>Why the clip options cannot be sent, or null when they can (the API's own rules, checked before spending anything).</summary>
    internal static string? Check(int? durationSeconds, int? hitPointSeconds)
    {
        if (durationSeconds is int duration && (duration < MinDurationSeconds || duration > MaxDurationSeconds))
        {
            return $"-DurationSeconds must be between {MinDurationSeconds} and {MaxDurationSeconds}.";
        }

        if (hitPointSeconds is not int hitPoint)
        {
            return null;
        }

        if (durationSeconds is not int clip)
        {
            return "-HitPointSeconds needs -DurationSeconds: the hit point is a second within the clip.";
        }

        return hitPoint < 0 || hitPoint >= clip
            ? $"-HitPointSeconds ({hitPoint}) must be 0 or more and smaller than -DurationSeconds ({clip})."
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

    [JsonPropertyName("duration_seconds")]
    public int? DurationSeconds { get; set; }

    [JsonPropertyName("hit_point_seconds")]
    public int? HitPointSeconds { get; set; }
}
