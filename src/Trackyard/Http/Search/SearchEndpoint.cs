using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// POST /search (1 credit per answered page): one page of tracks, each stamped with the query that found it. A page
/// the connection was answered within its cache lifetime is served from its <see cref="SearchCache"/> instead, for free.
/// </summary>
internal static class SearchEndpoint
{
    /// <summary>
    /// One page: from the connection's search cache when it holds the page (nothing is sent), else from POST /search,
    /// whose answer the cache then keeps. <paramref name="refresh"/> (-NoCache) skips the lookup but keeps the answer.
    /// </summary>
    internal static async Task<SearchPage> SearchAsync(this TrackyardClient client, SearchRequest request, CallOptions call, CancellationToken cancellationToken, bool refresh = false)
    {
        var page = $"page at offset {request.Offset} (limit {request.Limit}) of {DisplayText.Quote(request.Query)}";
        if (!refresh && client.SearchCache.TryGet(request, out var cached, out var age))
        {
            call.Observer.OnVerbose($"The {page} is from cache, no credit spent (answered {WaitText.Seconds(age)} s ago).");
            return cached;
        }

        call.Observer.OnVerbose($"The {page} {(refresh ? "is fetched again (-NoCache)" : "is not in the cache")}: costs 1 credit.");
        var answer = await client.SendAsync(
            new ApiRequest(HttpMethod.Post, "search", request.ToWire(), charged: true, subject: "the search " + DisplayText.Quote(request.Query)),
            (response, token) => JsonBody.ReadAsync(response, body => Parse(body, request.Query), token),
            call,
            cancellationToken).ConfigureAwait(false);
        client.SearchCache.Store(request, answer);
        return answer;
    }

    /// <summary>Parses the body of POST /search.</summary>
    internal static SearchPage Parse(byte[] body, string query)
    {
        var wire = JsonBody.Deserialize<WireSearchResponse>(body);
        if (wire.Tracks is null)
        {
            throw JsonBody.Invalid("The search response has no 'tracks' list.");
        }

        var tracks = wire.Tracks.Where(t => t != null).Select(t => ToTrack(t!, query)).ToList();
        return new SearchPage(tracks, wire.CreditsRemaining);
    }

    private static Track ToTrack(WireTrack wire, string query)
    {
        if (string.IsNullOrWhiteSpace(wire.Id))
        {
            throw JsonBody.Invalid("A track in the response has no id.");
        }

        var seconds = wire.DurationSeconds ?? 0;
        if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw JsonBody.Invalid($"Track {DisplayText.Quote(wire.Id)} has an impossible duration_seconds.");
        }

        return new Track
        {
            Id = wire.Id!,
            Title = wire.Title ?? string.Empty,
            Artist = wire.Artist ?? string.Empty,
            DurationSeconds = seconds,
            Duration = TimeSpan.FromSeconds(seconds),
            Bpm = wire.Bpm,
            Key = wire.Key,
            Genre = wire.Genre,
            Subgenres = Strings(wire.Subgenres),
            Moods = Strings(wire.Moods),
            HasVocals = wire.HasVocals,
            EnergyLevel = wire.EnergyLevel,
            Instruments = Strings(wire.Instruments),
            PreviewUrl = wire.PreviewUrl,
            Query = query,
        };
    }

    private static string[] Strings(IEnumerable<string?>? values) =>
        values?.Where(v => v != null).Select(v => v!).ToArray() ?? Array.Empty<string>();
}

// The JSON shapes exactly as the contract names them. Every field is nullable so that missing fields and nulls are
// tolerated; a field of the wrong type still fails deserialization (InvalidResponse).

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
