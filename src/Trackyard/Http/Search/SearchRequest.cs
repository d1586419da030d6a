using System.Collections.Generic;
using System.Linq;
using System.Text.Json.Serialization;

namespace Trackyard;

/// <summary>One page of a search: the query, the page window and the filters (null or empty = not given).</summary>
internal sealed class SearchRequest
{
    /// <summary>The API's largest page.</summary>
    internal const int MaxLimit = 100;

    /// <summary>The API's default page.</summary>
    internal const int DefaultLimit = 20;

    internal string Query { get; set; } = string.Empty;

    internal int Limit { get; set; } = DefaultLimit;

    internal int Offset { get; set; }

    internal IReadOnlyList<string>? Genres { get; set; }

    internal IReadOnlyList<string>? Moods { get; set; }

    internal IReadOnlyList<string>? Instruments { get; set; }

    internal string? EnergyLevel { get; set; }

    internal double? MinBpm { get; set; }

    internal double? MaxBpm { get; set; }

    /// <summary>true: vocals only; false: instrumental only; null: either.</summary>
    internal bool? HasVocals { get; set; }

    /// <summary>A copy of these filters for one page of <paramref name="query"/>.</summary>
    internal SearchRequest ForPage(string query, int offset, int limit)
    {
        var page = (SearchRequest)MemberwiseClone();
        page.Query = query;
        page.Offset = offset;
        page.Limit = limit;
        return page;
    }

    internal WireSearchRequest ToWire()
    {
        var filters = new WireSearchFilters
        {
            Genres = NonEmpty(Genres),
            Moods = NonEmpty(Moods),
            Instruments = NonEmpty(Instruments),
            EnergyLevel = string.IsNullOrWhiteSpace(EnergyLevel) ? null : EnergyLevel!.Trim().ToLowerInvariant(),
            MinBpm = MinBpm,
            MaxBpm = MaxBpm,
            HasVocals = HasVocals,
        };

        var anyFilter = filters.Genres != null || filters.Moods != null || filters.Instruments != null
            || filters.EnergyLevel != null || filters.MinBpm != null || filters.MaxBpm != null || filters.HasVocals != null;

        return new WireSearchRequest
        {
            Query = Query,
            Limit = Limit,
            Offset = Offset,
            Filters = anyFilter ? filters : null,
        };
    }

    private static string[]? NonEmpty(IReadOnlyList<string>? values)
    {
        var kept = values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToArray();
        return kept is { Length: > 0 } ? kept : null;
    }
}

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
