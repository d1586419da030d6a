using System.Text.Json;

namespace Trackyard.Emulator;

/// <summary>A validated POST /search body. Filters are turned into bit masks against the catalogue vocabulary.</summary>
public sealed class SearchRequest
{
    public const int DefaultLimit = 20;
    public const int MaxLimit = 100;
    public const int MinBpm = 40;
    public const int MaxBpm = 200;

    public required string Query { get; init; }
    public int Limit { get; init; } = DefaultLimit;
    public int Offset { get; init; }

    /// <summary>Tracks must have one of these parent genres (bit = genre index); null = no filter; 0 = only unknown names, nothing matches.</summary>
    public ulong? GenreMask { get; init; }

    /// <summary>Tracks must have one of these moods; null = no filter; 0 = only unknown names, nothing matches.</summary>
    public ulong? MoodMask { get; init; }

    /// <summary>Tracks must have one of these instruments; null = no filter; 0 = only unknown names, nothing matches.</summary>
    public ulong? InstrumentMask { get; init; }
    public bool? HasVocals { get; init; }
    public double? MinBpmFilter { get; init; }
    public double? MaxBpmFilter { get; init; }
    public int? EnergyIndex { get; init; }

    public static SearchRequest Parse(JsonElement body, Catalog catalog)
    {
        var query = JsonFields.String(body, "query");
        if (string.IsNullOrWhiteSpace(query))
        {
            throw BadRequestException.Parameters("'query' is required and must not be empty.");
        }

        var limit = JsonFields.Integer(body, "limit") ?? DefaultLimit;
        if (limit is < 1 or > MaxLimit)
        {
            throw BadRequestException.Parameters($"'limit' must be between 1 and {MaxLimit}.");
        }

        var offset = JsonFields.Integer(body, "offset") ?? 0;
        if (offset is < 0 or > int.MaxValue)
        {
            throw BadRequestException.Parameters("'offset' must be 0 or greater.");
        }

        if (!JsonFields.TryGet(body, "filters", out var filters))
        {
            return new SearchRequest { Query = query, Limit = (int)limit, Offset = (int)offset };
        }

        if (filters.ValueKind != JsonValueKind.Object)
        {
            throw BadRequestException.Parameters("'filters' must be an object.");
        }

        var minBpm = Bpm(filters, "min_bpm");
        var maxBpm = Bpm(filters, "max_bpm");
        if (minBpm > maxBpm)
        {
            throw BadRequestException.Parameters("'filters.min_bpm' must not be greater than 'filters.max_bpm'.");
        }

        int? energy = null;
        if (JsonFields.String(filters, "energy_level") is { } energyName)
        {
            energy = catalog.TryGetEnergyIndex(energyName, out var index)
                ? index
                : throw BadRequestException.Parameters($"Unknown energy_level '{energyName}'; use low, medium or high.");
        }

        return new SearchRequest
        {
            Query = query,
            Limit = (int)limit,
            Offset = (int)offset,
            GenreMask = MaskOf(filters, "genres", catalog.TryGetGenreIndex),
            MoodMask = MaskOf(filters, "moods", catalog.TryGetMoodIndex),
            InstrumentMask = MaskOf(filters, "instruments", catalog.TryGetInstrumentIndex),
            HasVocals = JsonFields.Bool(filters, "has_vocals"),
            MinBpmFilter = minBpm,
            MaxBpmFilter = maxBpm,
            EnergyIndex = energy,
        };
    }

    private delegate bool IndexLookup(string name, out int index);

    private static double? Bpm(JsonElement filters, string name)
    {
        var value = JsonFields.Number(filters, name);
        if (value is < MinBpm or > MaxBpm)
        {
            throw BadRequestException.Parameters($"'filters.{name}' must be between {MinBpm} and {MaxBpm}.");
        }

        return value;
    }

    /// <summary>
    /// A filter list as a bit mask. The contract leaves the vocabulary to the server and the docs name no error for
    /// an unknown value, so an unknown name is accepted and matches no track (a list of only unknown names matches
    /// nothing); an empty list is no filter.
    /// </summary>
    private static ulong? MaskOf(JsonElement filters, string field, IndexLookup lookup)
    {
        var names = JsonFields.StringArray(filters, field);
        if (names is null || names.Count == 0)
        {
            return null;
        }

        ulong mask = 0;
        foreach (var name in names)
        {
            if (lookup(name, out var index))
            {
                mask |= 1UL << index;
            }
        }

        return mask;
    }
}
