using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Text.Json;
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
        if (!refresh && client.SearchCache.TryGet(request, out var cached, out var age))
        {
            if (call.Observer.VerboseOn)
            {
                call.Observer.OnVerbose($"The {Describe(request)} is from cache, no credit spent (answered {WaitText.Seconds(age)} s ago).");
            }

            return cached;
        }

        if (call.Observer.VerboseOn)
        {
            call.Observer.OnVerbose($"The {Describe(request)} {(refresh ? "is fetched again (-NoCache)" : "is not in the cache")}: costs 1 credit.");
        }

        var answer = await client.SendAsync(
            new ApiRequest(HttpMethod.Post, "search", request.ToJson(), charged: true, subject: "the search " + DisplayText.Quote(request.Query)),
            (response, token) => JsonBody.ReadAsync(response, body => (Page: Parse(body, request.Query), Body: body), token),
            call,
            cancellationToken).ConfigureAwait(false);
        client.SearchCache.Store(request, answer.Page, answer.Body);
        return answer.Page;
    }

    private static string Describe(SearchRequest request) =>
        $"page at offset {request.Offset} (limit {request.Limit}) of {DisplayText.Quote(request.Query)}";

    /// <summary>Parses the body of POST /search: <c>{ "tracks": [ … ], "credits_remaining": n }</c>.</summary>
    internal static SearchPage Parse(byte[] body, string query, bool fromCache = false) => JsonBody.Parse(body, (ref Utf8JsonReader reader) =>
    {
        List<Track>? tracks = null;
        long? credits = null;
        while (JsonFields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("tracks"))
            {
                tracks = ReadTracks(ref reader, query);
            }
            else if (reader.ValueTextEquals("credits_remaining"))
            {
                credits = JsonFields.Integer(ref reader, "$.credits_remaining");
            }
            else
            {
                JsonFields.Skip(ref reader);
            }
        }

        return tracks is null
            ? throw JsonBody.Invalid("The search response has no 'tracks' list.")
            : new SearchPage(tracks, credits, fromCache);
    });

    private static List<Track>? ReadTracks(ref Utf8JsonReader reader, string query)
    {
        if (!JsonFields.StartArray(ref reader, "$.tracks"))
        {
            return null;
        }

        var tracks = new List<Track>();
        while (JsonFields.NextElement(ref reader))
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                try
                {
                    tracks.Add(ReadTrack(ref reader, query));
                }
                catch (JsonException ex) when (ex.Path is { } field)
                {
                    // The track names only its field: where the track is, is known here, and only needed now.
                    throw JsonFields.WrongType("$.tracks[" + tracks.Count + "]" + field);
                }
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw JsonFields.WrongType("$.tracks[" + tracks.Count + "]");
            }
        }

        return tracks;
    }

    /// <summary>
    /// One track object; the reader is on its <c>{</c>. A field of the wrong type throws a JsonException whose path is
    /// the field's within the track (".bpm"). Property names are compared as UTF-8, without making strings of them.
    /// </summary>
    private static Track ReadTrack(ref Utf8JsonReader reader, string query)
    {
        var track = new Track { Query = query };
        double? seconds = null;
        string? id = null;
        while (JsonFields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("id"u8)) { id = JsonFields.String(ref reader, ".id"); }
            else if (reader.ValueTextEquals("title"u8)) { track.Title = JsonFields.String(ref reader, ".title") ?? string.Empty; }
            else if (reader.ValueTextEquals("artist"u8)) { track.Artist = JsonFields.String(ref reader, ".artist") ?? string.Empty; }
            else if (reader.ValueTextEquals("duration_seconds"u8)) { seconds = JsonFields.Number(ref reader, ".duration_seconds"); }
            else if (reader.ValueTextEquals("bpm"u8)) { track.Bpm = JsonFields.Number(ref reader, ".bpm"); }
            else if (reader.ValueTextEquals("key"u8)) { track.Key = JsonFields.String(ref reader, ".key"); }
            else if (reader.ValueTextEquals("genre"u8)) { track.Genre = JsonFields.String(ref reader, ".genre"); }
            else if (reader.ValueTextEquals("subgenres"u8)) { track.Subgenres = JsonFields.Strings(ref reader, ".subgenres"); }
            else if (reader.ValueTextEquals("moods"u8)) { track.Moods = JsonFields.Strings(ref reader, ".moods"); }
            else if (reader.ValueTextEquals("has_vocals"u8)) { track.HasVocals = JsonFields.Boolean(ref reader, ".has_vocals"); }
            else if (reader.ValueTextEquals("energy_level"u8)) { track.EnergyLevel = JsonFields.String(ref reader, ".energy_level"); }
            else if (reader.ValueTextEquals("instruments"u8)) { track.Instruments = JsonFields.Strings(ref reader, ".instruments"); }
            else if (reader.ValueTextEquals("preview_url"u8)) { track.PreviewUrl = JsonFields.String(ref reader, ".preview_url"); }
            else { JsonFields.Skip(ref reader); }
        }

        if (string.IsNullOrWhiteSpace(id))
        {
            throw JsonBody.Invalid("A track in the response has no id.");
        }

        track.Id = id!;
        if (seconds is double value && (value < 0 || value > TimeSpan.MaxValue.TotalSeconds / 2))
        {
            throw JsonBody.Invalid($"Track {DisplayText.Quote(id)} has an impossible duration_seconds.");
        }

        track.DurationSeconds = seconds ?? 0;
        track.Duration = TimeSpan.FromSeconds(track.DurationSeconds);
        return track;
    }
}
