using System.Buffers;
using System.Globalization;

namespace Trackyard.Emulator;

/// <summary>
/// Deterministic relevance search over the catalogue. Each query term adds the weight of the field it matches
/// (see <see cref="Weights"/>); query phrases about vocals, tempo and energy add bonuses. Only tracks with a
/// positive score are results; ties are broken by id (ordinal). Filters apply after scoring, then offset/limit.
/// </summary>
public sealed class SearchEngine
{
    /// <summary>Points a matching query term earns per field of a track.</summary>
    internal static class Weights
    {
        public const int Genre = 4;
        public const int Subgenre = 3;
        public const int Mood = 3;
        public const int Instrument = 3;
        public const int Title = 2;
        public const int Artist = 1;
        public const int EnergyWord = 1;
        public const int VocalsWanted = 3;
        public const int TempoWord = 4;
        public const int BpmExact = 3;
    }

    /// <summary>Scores are capped here; no realistic query comes near it.</summary>
    private const int MaxScore = 1023;

    private readonly Track[] _tracks;

    /// <summary>term → (track index, weight) postings, built once.</summary>
    private readonly Dictionary<string, (int Track, int Weight)[]> _index;

    public SearchEngine(Catalog catalog)
    {
        _tracks = [.. catalog.Tracks];
        var postings = new Dictionary<string, List<(int, int)>>(StringComparer.Ordinal);
        var perTrack = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var i = 0; i < catalog.Tracks.Count; i++)
        {
            var track = catalog.Tracks[i];
            perTrack.Clear();
            AddField(perTrack, track.Genre, Weights.Genre);
            foreach (var subgenre in track.Subgenres)
            {
                AddField(perTrack, subgenre, Weights.Subgenre);
            }

            foreach (var mood in track.Moods)
            {
                AddField(perTrack, mood, Weights.Mood);
            }

            foreach (var instrument in track.Instruments)
            {
                AddField(perTrack, instrument, Weights.Instrument);
            }

            AddField(perTrack, track.Title, Weights.Title);
            AddField(perTrack, track.Artist, Weights.Artist);
            AddField(perTrack, track.EnergyLevel, Weights.EnergyWord);

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

    public IReadOnlyList<Track> Search(SearchRequest request)
    {
        var tracks = _tracks;
        var scores = ArrayPool<int>.Shared.Rent(tracks.Length);
        var histogram = ArrayPool<int>.Shared.Rent(MaxScore + 1);
        try
        {
            Array.Clear(scores, 0, tracks.Length);
            Array.Clear(histogram, 0, MaxScore + 1);
            Score(request.Query, scores);

            // Count the matching tracks per score, so only the top offset+limit need sorting.
            var matches = 0;
            for (var i = 0; i < tracks.Length; i++)
            {
                if (scores[i] > 0 && Passes(tracks[i], request))
                {
                    scores[i] = Math.Min(scores[i], MaxScore);
                    histogram[scores[i]]++;
                    matches++;
                }
                else
                {
                    scores[i] = 0;
                }
            }

            var wanted = (int)Math.Min((long)request.Offset + request.Limit, matches);
            if (wanted <= request.Offset)
            {
                return [];
            }

            // The lowest score that still makes the top `wanted`, and how many of that score get in.
            var threshold = MaxScore;
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
                var score = scores[i];
                if (score > threshold || (score == threshold && score > 0 && takeAtThreshold-- > 0))
                {
                    // Higher score first, then lower index (= id order): one ascending sort of packed keys.
                    top[count++] = ((long)(MaxScore - score) << 32) | (uint)i;
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

    private void Score(string query, int[] scores)
    {
        var words = Tokenizer.Words(query);
        bool? wantVocals = null;
        int? targetBpm = null;
        bool fast = false, slow = false, calm = false;
        var seen = new List<string>(words.Count);

        for (var w = 0; w < words.Count; w++)
        {
            var word = words[w];
            var next = w + 1 < words.Count ? words[w + 1] : null;
            switch (word)
            {
                case "instrumental":
                    wantVocals = false;
                    break;
                case "no" or "without" or "non" when next is "vocal" or "vocals" or "singing" or "voice" or "lyrics":
                    wantVocals = false;
                    w++;
                    continue;
                case "vocal" or "vocals" or "singing" or "sung" or "lyrics":
                    wantVocals ??= true;
                    break;
                case "fast" or "quick" or "uptempo":
                    fast = true;
                    break;
                case "slow":
                    slow = true;
                    break;
                case "calm":
                    calm = true;
                    break;
            }

            if (next == "bpm" && int.TryParse(word, NumberStyles.None, CultureInfo.InvariantCulture, out var bpm))
            {
                targetBpm = bpm;
            }
            else if (word.EndsWith("bpm", StringComparison.Ordinal) && int.TryParse(word.AsSpan(0, word.Length - 3), NumberStyles.None, CultureInfo.InvariantCulture, out bpm))
            {
                targetBpm = bpm;
            }

            if (Tokenizer.IsStopWord(word))
            {
                continue;
            }

            var term = Tokenizer.Stem(word);
            if (seen.Contains(term))
            {
                continue;
            }

            seen.Add(term);
            if (_index.TryGetValue(term, out var postings))
            {
                foreach (var (track, weight) in postings)
                {
                    scores[track] += weight;
                }
            }
        }

        if (wantVocals is null && targetBpm is null && !fast && !slow && !calm)
        {
            return;
        }

        var tracks = _tracks;
        for (var i = 0; i < tracks.Length; i++)
        {
            var track = tracks[i];
            var bonus = 0;
            if (wantVocals is { } vocals && track.HasVocals == vocals)
            {
                bonus += Weights.VocalsWanted;
            }

            if (targetBpm is { } target)
            {
                var distance = Math.Abs(track.Bpm - target);
                bonus += distance <= 5 ? Weights.BpmExact : distance <= 10 ? 2 : distance <= 20 ? 1 : 0;
            }

            if (fast && track.Bpm >= 120)
            {
                bonus += Weights.TempoWord;
            }

            if (slow && track.Bpm <= 90)
            {
                bonus += Weights.TempoWord;
            }

            if (calm && track.EnergyIndex == 0)
            {
                bonus += Weights.TempoWord;
            }

            scores[i] += bonus;
        }
    }

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
