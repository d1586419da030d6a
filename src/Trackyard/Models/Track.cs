using System;

namespace Trackyard;

/// <summary>A track found by Search-TrackyardTrack.</summary>
public sealed class Track
{
    /// <summary>The opaque track id, used to download the track.</summary>
    public string Id { get; set; } = string.Empty;

    /// <summary>The track title.</summary>
    public string Title { get; set; } = string.Empty;

    /// <summary>The artist name.</summary>
    public string Artist { get; set; } = string.Empty;

    /// <summary>The length in seconds (0 when the service did not say).</summary>
    public double DurationSeconds { get; set; }

    /// <summary>The length as a TimeSpan.</summary>
    public TimeSpan Duration { get; set; }

    /// <summary>Beats per minute, when known.</summary>
    public double? Bpm { get; set; }

    /// <summary>The musical key, e.g. "A minor".</summary>
    public string? Key { get; set; }

    /// <summary>The parent genre.</summary>
    public string? Genre { get; set; }

    /// <summary>Sub-genres; empty when none.</summary>
    public string[] Subgenres { get; set; } = Array.Empty<string>();

    /// <summary>Moods; empty when none.</summary>
    public string[] Moods { get; set; } = Array.Empty<string>();

    /// <summary>Whether the track has vocals, when known.</summary>
    public bool? HasVocals { get; set; }

    /// <summary>Energy level: low, medium or high.</summary>
    public string? EnergyLevel { get; set; }

    /// <summary>Instruments heard in the track; empty when none.</summary>
    public string[] Instruments { get; set; } = Array.Empty<string>();

    /// <summary>A URL of a short preview.</summary>
    public string? PreviewUrl { get; set; }

    /// <summary>The query that found this track.</summary>
    public string? Query { get; set; }

    /// <summary>"Title — Artist".</summary>
    public override string ToString() => Title + " — " + Artist;
}
