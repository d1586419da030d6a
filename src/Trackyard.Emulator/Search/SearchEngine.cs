using System.Buffers;
using System.Numerics;
using System.Runtime.CompilerServices;

namespace Trackyard.Emulator;

/// <summary>
/// Deterministic natural-language search that always ranks the whole catalogue, as the real AI search does.
/// A track's score is the sum of two parts: what the query's <see cref="QueryPlan"/> says about its genre, moods,
/// instruments, energy, bpm and vocals (the <see cref="Vocabulary"/>), and keyword points for query words in its
/// sub-genres, title and artist (see <see cref="Weights"/>). Every track that passes the filters is a result, score 0
/// included; the order is score (highest first), then id (ordinal), and <c>offset</c>/<c>limit</c> slice that one order.
/// </summary>
public sealed class SearchEngine
{
    /// <summary>Keyword points a query word earns per field of a track it appears in.</summary>
    internal static class Weights
    {
        /// <summary>A one-word sub-genre; longer names share it out among their words, at least <see cref="SubgenreWord"/> each.</summary>
        public const int Subgenre = 8;
        public const int SubgenreWord = 2;
        public const int Title = 4;
        public const int Artist = 3;
    }

    /// <summary>Scores are ranked in [-<see cref="Bias"/>, <see cref="Range"/> - <see cref="Bias"/>); no realistic query leaves it.</summary>
    private const int Bias = 1024;
    private const int Range = 4096;

    private readonly Track[] _tracks;
    private readonly Vocabulary _vocabulary;

    /// <summary>term → (track index, weight) postings over sub-genres, titles and artists, built once.</summary>
    private readonly Dictionary<string, (int Track, int Weight)[]> _index;

    public SearchEngine(Catalog catalog)
    {
        _tracks = [.. catalog.Tracks];
        _vocabulary = Vocabulary.Default;
        var postings = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        var perTrack = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < catalog.Tracks.Count; i++)
        {
            var track = catalog.Tracks[i];
            perTrack.Clear();
            foreach (var subgenre in track.Subgenres)
            {
                // A sub-genre named in full earns about the same however many words its name has.
                var terms = Tokenizer.Terms(subgenre).Count;
                AddField(perTrack, subgenre, Math.Max(Weights.SubgenreWord, Weights.Subgenre / Math.Max(1, terms)));
            }

            AddField(perTrack, track.Title, Weights.Title);
            AddField(perTrack, track.Artist, Weights.Artist);

            foreach (var (term, weight) in perTrack)
            {
                if (!postings.TryGetValue(term, out var list))
                {
                    postings[term] = list = [];
                }

                list.Add((i, weight));
            }
        }

        _index = postings.ToDictionary(p => p.Key, p => p.Value.ToArray(), StringComparer.Ordinal);
    }

    /// <summary>One page of the ranking. Compiled fully optimised at once: an emulator started for a short test run
    /// would otherwise answer most searches from unoptimised code before tiered compilation catches up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public IReadOnlyList<Track> Search(SearchRequest request)
    {
        var tracks = _tracks;
        var scores = ArrayPool<int>.Shared.Rent(tracks.Length);
        var histogram = ArrayPool<int>.Shared.Rent(Range);
        try
        {
            Array.Clear(histogram, 0, Range);
            Score(QueryPlan.Parse(request.Query, _vocabulary), scores);

            // Count the passing tracks per score, so only the top offset+limit need sorting; -1 marks a filtered track.
            var matches = 0;
            for (var i = 0; i < tracks.Length; i++)
            {
                if (Passes(tracks[i], request))
                {
                    var rank = Math.Clamp(scores[i] + Bias, 0, Range - 1);
                    scores[i] = rank;
                    histogram[rank]++;
                    matches++;
                }
                else
                {
                    scores[i] = -1;
                }
            }

            var wanted = (int)Math.Min((long)request.Offset + request.Limit, matches);
            if (wanted <= request.Offset)
            {
                return [];
            }

            // The lowest rank that still makes the top `wanted`, and how many of that rank get in.
            var threshold = Range - 1;
            var above = 0;
            while (above + histogram[threshold] < wanted)
            {
                above += histogram[threshold--];
            }

            var takeAtThreshold = wanted - above;
            var top = new long[wanted];
            var count = 0;
            for (var i = 0; i < tracks.Length; i++)
            {
                var rank = scores[i];
                if (rank > threshold || (rank == threshold && takeAtThreshold-- > 0))
                {
                    // Higher rank first, then lower index (= id order): one ascending sort of packed keys.
                    top[count++] = ((long)(Range - rank) << 32) | (uint)i;
                }
            }

            Array.Sort(top);
            var page = new Track[wanted - request.Offset];
            for (var i = 0; i < page.Length; i++)
            {
                page[i] = tracks[(int)(top[request.Offset + i] & 0xFFFFFFFF)];
            }

            return page;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scores);
            ArrayPool<int>.Shared.Return(histogram);
        }
    }

    /// <summary>The score of every track for a query, without filters (for tests and diagnostics).</summary>
    internal int[] Scores(string query)
    {
        var scores = new int[_tracks.Length];
        Score(QueryPlan.Parse(query, _vocabulary), scores);
        return scores;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Score(QueryPlan plan, int[] scores)
    {
        var tracks = _tracks;
        if (!plan.HasConcepts)
        {
            Array.Clear(scores, 0, tracks.Length);
        }
        else
        {
            var genre = plan.Genre;
            var mood = plan.Mood;
            var instrument = plan.Instrument;
            var energy = plan.Energy;
            var bpm = plan.Bpm;
            var vocals = plan.Vocals;
            for (var i = 0; i < tracks.Length; i++)
            {
                var track = tracks[i];
                var score = genre[track.GenreIndex] + energy[track.EnergyIndex] + bpm[Math.Min(track.Bpm, QueryPlan.MaxBpm)] + vocals[track.HasVocals ? 1 : 0];
                for (var bits = track.MoodMask; bits != 0; bits &= bits - 1)
                {
                    score += mood[BitOperations.TrailingZeroCount(bits)];
                }

                for (var bits = track.InstrumentMask; bits != 0; bits &= bits - 1)
                {
                    score += instrument[BitOperations.TrailingZeroCount(bits)];
                }

                scores[i] = score;
            }
        }

        foreach (var term in plan.Terms)
        {
            if (_index.TryGetValue(term, out var postings))
            {
                foreach (var (track, weight) in postings)
                {
                    scores[track] += weight;
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool Passes(Track track, SearchRequest request)
    {
        if (request.GenreMask is { } genres && (genres & (1UL << track.GenreIndex)) == 0)
        {
            return false;
        }

        if (request.MoodMask is { } moods && (moods & track.MoodMask) == 0)
        {
            return false;
        }

        if (request.InstrumentMask is { } instruments && (instruments & track.InstrumentMask) == 0)
        {
            return false;
        }

        if (request.HasVocals is { } vocals && track.HasVocals != vocals)
        {
            return false;
        }

        if (request.MinBpmFilter is { } min && track.Bpm < min)
        {
            return false;
        }

        if (request.MaxBpmFilter is { } max && track.Bpm > max)
        {
            return false;
        }

        return request.EnergyIndex is not { } energy || track.EnergyIndex == energy;
    }

    private static void AddField(Dictionary<string, int> perTrack, string text, int weight)
    {
        foreach (var term in Tokenizer.Terms(text))
        {
            // A term found in several fields earns each field's weight once.
            perTrack[term] = perTrack.GetValueOrDefault(term) + weight;
        }
    }
}
