using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

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

    /// <summary>The body of POST /search: <c>query</c>, <c>limit</c>, <c>offset</c>, and <c>filters</c> with the ones given.</summary>
    internal byte[] ToJson() => Write(Query, NonEmpty(Genres), NonEmpty(Moods), NonEmpty(Instruments));

    /// <summary>
    /// The same body with the query's spacing and case normalised and the list filters sorted and without repeats:
    /// what makes two pages the same search for the cache.
    /// </summary>
    internal string ToCacheKey() => Encoding.UTF8.GetString(Write(
        SearchCache.NormalizeQuery(Query),
        Canonical(NonEmpty(Genres)),
        Canonical(NonEmpty(Moods)),
        Canonical(NonEmpty(Instruments))));

    private byte[] Write(string query, string[]? genres, string[]? moods, string[]? instruments)
    {
        var energy = string.IsNullOrWhiteSpace(EnergyLevel) ? null : EnergyLevel!.Trim().ToLowerInvariant();
        using var buffer = new MemoryStream();
        using (var json = new Utf8JsonWriter(buffer))
        {
            json.WriteStartObject();
            json.WriteString("query", query);
            json.WriteNumber("limit", Limit);
            json.WriteNumber("offset", Offset);
            if (genres != null || moods != null || instruments != null || energy != null || MinBpm != null || MaxBpm != null || HasVocals != null)
            {
                json.WriteStartObject("filters");
                WriteList(json, "genres", genres);
                WriteList(json, "moods", moods);
                if (HasVocals is bool vocals)
                {
                    json.WriteBoolean("has_vocals", vocals);
                }

                if (MinBpm is double min)
                {
                    json.WriteNumber("min_bpm", min);
                }

                if (MaxBpm is double max)
                {
                    json.WriteNumber("max_bpm", max);
                }

                if (energy != null)
                {
                    json.WriteString("energy_level", energy);
                }

                WriteList(json, "instruments", instruments);
                json.WriteEndObject();
            }

            json.WriteEndObject();
        }

        return buffer.ToArray();
    }

    private static void WriteList(Utf8JsonWriter json, string name, string[]? values)
    {
        if (values is null)
        {
            return;
        }

        json.WriteStartArray(name);
        foreach (var value in values)
        {
            json.WriteStringValue(value);
        }

        json.WriteEndArray();
    }

    private static string[]? NonEmpty(IReadOnlyList<string>? values)
    {
        var kept = values?.Where(v => !string.IsNullOrWhiteSpace(v)).Select(v => v.Trim()).ToArray();
        return kept is { Length: > 0 } ? kept : null;
    }

    private static string[]? Canonical(string[]? values) =>
        values?.Distinct(StringComparer.Ordinal).OrderBy(value => value, StringComparer.Ordinal).ToArray();
}
