using System.Collections.Generic;
using System.Linq;

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

    /// <summary>A copy of this request for another page.</summary>
    internal SearchRequest ForPage(int offset, int limit)
    {
        var page = (SearchRequest)MemberwiseClone();
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

/// <summary>One page of search results.</summary>
internal sealed class SearchPage
{
    internal SearchPage(IReadOnlyList<Track> tracks, long? creditsRemaining)
    {
        Tracks = tracks;
        CreditsRemaining = creditsRemaining;
    }

    internal IReadOnlyList<Track> Tracks { get; }

    internal long? CreditsRemaining { get; }
}
