using System;
using System.Text.Json.Serialization;

namespace Trackyard;

// The JSON shapes exactly as the contract names them. Every field is nullable so that missing fields and
// nulls are tolerated; a field of the wrong type still fails deserialization (→ InvalidResponse).

/// <summary>Body of POST /search.</summary>
internal sealed class WireSearchRequest
{
    [JsonPropertyName("query")]
    public string Query { get; set; } = string.Empty;

    [JsonPropertyName("limit")]
    public int Limit { get; set; }

    [JsonPropertyName("offset")]
    public int Offset { get; set; }

    [JsonPropertyName("filters")]
    public WireSearchFilters? Filters { get; set; }
}

/// <summary>The <c>filters</c> object of POST /search; fields not given are omitted.</summary>
internal sealed class WireSearchFilters
{
    [JsonPropertyName("genres")]
    public string[]? Genres { get; set; }

    [JsonPropertyName("moods")]
    public string[]? Moods { get; set; }

    [JsonPropertyName("has_vocals")]
    public bool? HasVocals { get; set; }

    [JsonPropertyName("min_bpm")]
    public double? MinBpm { get; set; }

    [JsonPropertyName("max_bpm")]
    public double? MaxBpm { get; set; }

    [JsonPropertyName("energy_level")]
    public string? EnergyLevel { get; set; }

    [JsonPropertyName("instruments")]
    public string[]? Instruments { get; set; }
}

/// <summary>Response of POST /search.</summary>
internal sealed class WireSearchResponse
{
    [JsonPropertyName("tracks")]
    public WireTrack?[]? Tracks { get; set; }

    [JsonPropertyName("credits_remaining")]
    public long? CreditsRemaining { get; set; }
}

/// <summary>A track as the API sends it.</summary>
internal sealed class WireTrack
{
    [JsonPropertyName("id")]
    public string? Id { get; set; }

    [JsonPropertyName("title")]
    public string? Title { get; set; }

    [JsonPropertyName("artist")]
    public string? Artist { get; set; }

    [JsonPropertyName("duration_seconds")]
    public double? DurationSeconds { get; set; }

    [JsonPropertyName("bpm")]
    public double? Bpm { get; set; }

    [JsonPropertyName("key")]
    public string? Key { get; set; }

    [JsonPropertyName("genre")]
    public string? Genre { get; set; }

    [JsonPropertyName("subgenres")]
    public string?[]? Subgenres { get; set; }

    [JsonPropertyName("moods")]
    public string?[]? Moods { get; set; }

    [JsonPropertyName("has_vocals")]
    public bool? HasVocals { get; set; }

    [JsonPropertyName("energy_level")]
    public string? EnergyLevel { get; set; }

    [JsonPropertyName("instruments")]
    public string?[]? Instruments { get; set; }

    [JsonPropertyName("preview_url")]
    public string? PreviewUrl { get; set; }
}

/// <summary>Response of GET /me.</summary>
internal sealed class WireAccount
{
    [JsonPropertyName("tier")]
    public string? Tier { get; set; }

    [JsonPropertyName("credits_remaining")]
    public long? CreditsRemaining { get; set; }

    [JsonPropertyName("monthly_allowance")]
    public long? MonthlyAllowance { get; set; }

    [JsonPropertyName("rate_limit")]
    public WireRateLimit? RateLimit { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("last_used_at")]
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>The <c>rate_limit</c> object of GET /me.</summary>
internal sealed class WireRateLimit
{
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; set; }

    [JsonPropertyName("requests_per_day")]
    public int? RequestsPerDay { get; set; }
}
