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
        var page = $"page at offset {request.Offset} (limit {request.Limit}) of {DisplayText.Quote(request.Query)}";
        if (!refresh && client.SearchCache.TryGet(request, out var cached, out var age))
        {
            call.Observer.OnVerbose($"The {page} is from cache, no credit spent (answered {WaitText.Seconds(age)} s ago).");
            return cached;
        }

        call.Observer.OnVerbose($"The {page} {(refresh ? "is fetched again (-NoCache)" : "is not in the cache")}: costs 1 credit.");
        var answer = await client.SendAsync(
            new ApiRequest(HttpMethod.Post, "search", request.ToJson(), charged: true, subject: "the search " + DisplayText.Quote(request.Query)),
            (response, token) => JsonBody.ReadAsync(response, body => Parse(body, request.Query), token),
            call,
            cancellationToken).ConfigureAwait(false);
        client.SearchCache.Store(request, answer);
        return answer;
    }

    /// <summary>Parses the body of POST /search: <c>{ "tracks": [ … ], "credits_remaining": n }</c>.</summary>
    internal static SearchPage Parse(byte[] body, string query) => JsonBody.Parse(body, (ref Utf8JsonReader reader) =>
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
            : new SearchPage(tracks, credits);
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
                tracks.Add(ReadTrack(ref reader, query, "$.tracks[" + tracks.Count + "]"));
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw JsonFields.WrongType("$.tracks[" + tracks.Count + "]");
            }
        }

        return tracks;
    }

    /// <summary>One track object; the reader is on its <c>{</c>.</summary>
    private static Track ReadTrack(ref Utf8JsonReader reader, string query, string path)
    {
        var track = new Track { Query = query };
        double? seconds = null;
        string? id = null;
        while (JsonFields.NextProperty(ref reader))
        {
            switch (reader.GetString())
            {
                case "id": id = JsonFields.String(ref reader, path + ".id"); break;
                case "title": track.Title = JsonFields.String(ref reader, path + ".title") ?? string.Empty; break;
                case "artist": track.Artist = JsonFields.String(ref reader, path + ".artist") ?? string.Empty; break;
                case "duration_seconds": seconds = JsonFields.Number(ref reader, path + ".duration_seconds"); break;
                case "bpm": track.Bpm = JsonFields.Number(ref reader, path + ".bpm"); break;
                case "key": track.Key = JsonFields.String(ref reader, path + ".key"); break;
                case "genre": track.Genre = JsonFields.String(ref reader, path + ".genre"); break;
                case "subgenres": track.Subgenres = JsonFields.Strings(ref reader, path + ".subgenres"); break;
                case "moods": track.Moods = JsonFields.Strings(ref reader, path + ".moods"); break;
                case "has_vocals": track.HasVocals = JsonFields.Boolean(ref reader, path + ".has_vocals"); break;
                case "energy_level": track.EnergyLevel = JsonFields.String(ref reader, path + ".energy_level"); break;
                case "instruments": track.Instruments = JsonFields.Strings(ref reader, path + ".instruments"); break;
                case "preview_url": track.PreviewUrl = JsonFields.String(ref reader, path + ".preview_url"); break;
                default: JsonFields.Skip(ref reader); break;
            }
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
