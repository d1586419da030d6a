using System.Globalization;
using System.IO;
using System.Text.Json;

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

    /// <summary>
    /// The body of POST /download-track: <c>track_id</c>, and the clip fields only when given (a hit point only with
    /// a duration). Numbers are sent as given: 30 as 30, 22.5 as 22.5.
    /// </summary>
    internal byte[] ToJson()
    {
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("track_id", TrackId);
            if (DurationSeconds is double duration)
            {
                json.WriteNumber("duration_seconds", duration);
                if (HitPointSeconds is double hitPoint)
                {
                    json.WriteNumber("hit_point_seconds", hitPoint);
                }
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
