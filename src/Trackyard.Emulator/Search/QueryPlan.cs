using System.Globalization;

namespace Trackyard.Emulator;

/// <summary>
/// What one query asks for, ready to score every track in one pass: points per genre, mood, instrument, energy
/// level, bpm and vocals (from the <see cref="Vocabulary"/>), and the words to look up in titles, artists and
/// sub-genres. Built in this order: words (case, hyphens and apostrophes ignored) → spelling variants made canonical
/// → for each position the longest known phrase, a tempo ("120 bpm", "120bpm", "110-130 bpm", "90 beats per minute",
/// "110 to 130 bpm"), or a negation ("no", "without", "not" … turns the next phrase within three words against itself; vocals flip).
/// Words the vocabulary does not know only take part in the keyword match; they never remove a track.
/// </summary>
internal sealed class QueryPlan
{
    /// <summary>A tempo range also earns half its weight this many bpm outside it.</summary>
    public const int TempoSlack = 10;

    /// <summary>The highest bpm a plan has a weight for (the catalogue's tempos are 40–200).</summary>
    public const int MaxBpm = 255;

    /// <summary>Tempos in a query outside this range are read as ordinary numbers.</summary>
    public const int MinQueryBpm = 30;
    public const int MaxQueryBpm = 250;

    /// <summary>How many following words a negation reaches.</summary>
    public const int NegationReach = 3;

    private static readonly HashSet<string> Negators = new(StringComparer.Ordinal) { "no", "without", "non", "not", "never", "avoid", "minus", "except", "nothing" };

    private QueryPlan()
    {
    }

    /// <summary>Points per genre index (position in <see cref="CatalogData.Genres"/>).</summary>
    public int[] Genre { get; } = new int[64];

    /// <summary>Points per mood bit (position in <see cref="CatalogData.Moods"/>).</summary>
    public int[] Mood { get; } = new int[64];

    /// <summary>Points per instrument bit (position in <see cref="CatalogData.Instruments"/>).</summary>
    public int[] Instrument { get; } = new int[64];

    /// <summary>Points per energy index: low, medium, high.</summary>
    public int[] Energy { get; } = new int[3];

    /// <summary>Points per whole bpm, 0 to <see cref="MaxBpm"/>.</summary>
    public int[] Bpm { get; } = new int[MaxBpm + 1];

    /// <summary>Points for tracks without vocals [0] and with vocals [1].</summary>
    public int[] Vocals { get; } = new int[2];

    /// <summary>True when some vocabulary phrase or tempo was found, so the per-track pass is needed.</summary>
    public bool HasConcepts { get; private set; }

    /// <summary>Stemmed words for the keyword match (no stop words, no negated words), without duplicates.</summary>
    public List<string> Terms { get; } = [];

    public static QueryPlan Parse(string query, Vocabulary vocabulary)
    {
        var plan = new QueryPlan();
        var words = Canonical(Tokenizer.Words(query), vocabulary);
        var negationLeft = 0;
        var i = 0;
        while (i < words.Count)
        {
            var word = words[i];
            if (plan.TryTempo(words, i, out var used))
            {
                i += used;
                negationLeft = 0;
                continue;
            }

            if (LongestPhrase(words, i, vocabulary, out var concept, out used))
            {
                var negated = negationLeft > 0;
                plan.Apply(concept, negated);
                if (!negated)
                {
                    for (var k = i; k < i + used; k++)
                    {
                        plan.AddTerm(words[k]);
                    }
                }

                negationLeft = 0;
                i += used;
                continue;
            }

            if (Negators.Contains(word.Raw))
            {
                negationLeft = NegationReach;
            }
            else if (!Tokenizer.IsStopWord(word.Raw))
            {
                if (negationLeft == 0)
                {
                    plan.AddTerm(word);
                }
                else
                {
                    negationLeft--;
                }
            }

            i++;
        }

        return plan;
    }

    /// <summary>A query word: as written (lower case) and stemmed.</summary>
    private readonly record struct Word(string Raw, string Stem);

    /// <summary>The words with spelling variants replaced by their canonical words, longest variant first.</summary>
    private static List<Word> Canonical(List<string> raw, Vocabulary vocabulary)
    {
        var stems = raw.ConvertAll(Tokenizer.Stem);
        var words = new List<Word>(raw.Count);
        var keys = new string[Vocabulary.MaxSpellingWords];
        var i = 0;
        while (i < raw.Count)
        {
            var longest = Prefixes(stems, i, keys);
            var replaced = false;
            for (var n = longest; n >= 1 && !replaced; n--)
            {
                if (vocabulary.TryGetSpelling(keys[n - 1], out var canonical))
                {
                    foreach (var word in canonical)
                    {
                        words.Add(new Word(word, word));
                    }

                    i += n;
                    replaced = true;
                }
            }

            if (!replaced)
            {
                words.Add(new Word(raw[i], stems[i]));
                i++;
            }
        }

        return words;
    }

    private static bool LongestPhrase(List<Word> words, int start, Vocabulary vocabulary, out Concept concept, out int used)
    {
        var keys = new string[Vocabulary.MaxPhraseWords];
        var stems = new List<string>(Vocabulary.MaxPhraseWords);
        for (var k = start; k < words.Count && k < start + Vocabulary.MaxPhraseWords; k++)
        {
            stems.Add(words[k].Stem);
        }

        for (var n = Prefixes(stems, 0, keys); n >= 1; n--)
        {
            if (vocabulary.TryGet(keys[n - 1], out concept))
            {
                used = n;
                return true;
            }
        }

        concept = null!;
        used = 0;
        return false;
    }

    /// <summary>Fills keys[n-1] with the first n stems from <paramref name="start"/> joined by a space; returns how many were filled.</summary>
    private static int Prefixes(List<string> stems, int start, string[] keys)
    {
        var count = Math.Min(keys.Length, stems.Count - start);
        for (var n = 1; n <= count; n++)
        {
            keys[n - 1] = n == 1 ? stems[start] : keys[n - 2] + " " + stems[start + n - 1];
        }

        return count;
    }

    /// <summary>"120 bpm", "120bpm", "110-130 bpm", "110 to 130 bpm", "90 beats per minute".</summary>
    private bool TryTempo(List<Word> words, int i, out int used)
    {
        used = 0;
        var raw = words[i].Raw;
        if (raw.EndsWith("bpm", StringComparison.Ordinal) && raw.Length > 3 && Number(raw[..^3]) is { } glued)
        {
            AddTargetTempo(glued, glued);
            used = 1;
            return true;
        }

        if (Number(raw) is not { } first)
        {
            return false;
        }

        // A range: "110 130 bpm", "110-130 bpm", "110 to 130 bpm", "between 110 and 130 bpm".
        var secondAt = i + 1 < words.Count && words[i + 1].Raw is "to" or "and" ? i + 2 : i + 1;
        var second = secondAt < words.Count ? Number(words[secondAt].Raw) : null;
        var unitAt = second is null ? i + 1 : secondAt + 1;
        var unitWords = UnitLength(words, unitAt);
        if (unitWords == 0)
        {
            return false;
        }

        AddTargetTempo(Math.Min(first, second ?? first), Math.Max(first, second ?? first));
        used = unitAt - i + unitWords;
        return true;
    }

    /// <summary>How many words the tempo unit at <paramref name="at"/> takes: "bpm" 1, "beats per minute" 3, else 0.</summary>
    private static int UnitLength(List<Word> words, int at)
    {
        if (at < words.Count && words[at].Raw == "bpm")
        {
            return 1;
        }

        return at + 2 < words.Count && words[at].Stem == "beat" && words[at + 1].Raw == "per" && words[at + 2].Stem == "minute" ? 3 : 0;
    }

    private static int? Number(string text) =>
        text.Length is > 0 and <= 3 && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value)
            && value is >= MinQueryBpm and <= MaxQueryBpm
            ? value
            : null;

    /// <summary>A tempo asked for by number: 10 points within 3 bpm of the range, then 7, 4 and 1 further out.</summary>
    private void AddTargetTempo(int min, int max)
    {
        HasConcepts = true;
        for (var bpm = 0; bpm <= MaxBpm; bpm++)
        {
            var distance = bpm < min ? min - bpm : bpm > max ? bpm - max : 0;
            Bpm[bpm] += distance <= 3 ? 10 : distance <= 6 ? 7 : distance <= 10 ? 4 : distance <= 20 ? 1 : 0;
        }
    }

    private void Apply(Concept concept, bool negated)
    {
        HasConcepts = true;
        var sign = negated ? -1 : 1;
        foreach (var (index, weight) in concept.Genres)
        {
            Genre[index] += sign * weight;
        }

        foreach (var (index, weight) in concept.Moods)
        {
            Mood[index] += sign * weight;
        }

        foreach (var (index, weight) in concept.Instruments)
        {
            Instrument[index] += sign * weight;
        }

        foreach (var (index, weight) in concept.Energies)
        {
            Energy[index] += sign * weight;
        }

        foreach (var (min, max, weight) in concept.Tempos)
        {
            for (var bpm = 0; bpm <= MaxBpm; bpm++)
            {
                var distance = bpm < min ? min - bpm : bpm > max ? bpm - max : 0;
                Bpm[bpm] += sign * (distance == 0 ? weight : distance <= TempoSlack ? weight / 2 : 0);
            }
        }

        // "no vocals" is a wish for instrumentals, not a penalty on a wish for vocals.
        foreach (var (hasVocals, weight) in concept.Vocals)
        {
            Vocals[hasVocals != negated ? 1 : 0] += weight;
        }
    }

    private void AddTerm(Word word)
    {
        if (!Tokenizer.IsStopWord(word.Raw) && !Terms.Contains(word.Stem))
        {
            Terms.Add(word.Stem);
        }
    }
}
