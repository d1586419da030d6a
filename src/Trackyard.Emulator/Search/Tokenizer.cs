using System.Text;

namespace Trackyard.Emulator;

/// <summary>Splits text into lowercase words for the search index and for queries.</summary>
internal static class Tokenizer
{
    /// <summary>Words that say nothing about the music wanted; they are skipped by the keyword match (not by phrases).</summary>
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "for", "of", "in", "on", "to", "with", "some", "my", "me", "i", "it", "is",
        "music", "song", "songs", "track", "tracks", "tune", "tunes", "that", "this", "like", "something", "very",
        "really", "by", "but", "about", "clip", "clips", "second", "seconds", "sec", "secs", "minute", "minutes",
        "piece", "vibe", "vibes", "feel", "feeling", "style", "sound", "sounding", "kind", "sort", "type", "want",
        "need", "looking", "find", "please", "can", "you", "we", "our", "your", "us", "be", "are", "was", "has",
        "have", "from", "at", "as", "or", "into", "more", "less", "bit", "little", "slightly", "quite", "too",
        "one", "ones", "than", "then", "just", "also", "its", "all", "any", "background", "similar", "suitable",
    };

    /// <summary>
    /// Lowercase words. Apostrophes of every style are dropped ("children’s" → "childrens"); '&amp;' stays inside a word
    /// (for "r&amp;b"); every other character that is not a letter or digit separates words ("hip-hop" → "hip", "hop").
    /// </summary>
    public static List<string> Words(string text)
    {
        var words = new List<string>();
        var buffer = new StringBuilder();
        foreach (var c in text + " ")
        {
            if (char.IsLetterOrDigit(c) || c == '&')
            {
                buffer.Append(char.ToLowerInvariant(c));
            }
            else if (IsApostrophe(c))
            {
                continue;
            }
            else if (buffer.Length > 0)
            {
                var word = buffer.ToString().Trim('&');
                if (word.Length > 0)
                {
                    words.Add(word);
                }

                buffer.Clear();
            }
        }

        return words;
    }

    /// <summary>The form a word is indexed and looked up under: a naive plural strip, so "drums" finds "drum".</summary>
    public static string Stem(string word) =>
        word.Length > 3 && word[^1] == 's' && word[^2] != 's' ? word[..^1] : word;

    public static bool IsStopWord(string word) => StopWords.Contains(word);

    /// <summary>Stemmed, non-stop-word terms of a text, without duplicates.</summary>
    public static List<string> Terms(string text)
    {
        var terms = new List<string>();
        foreach (var word in Words(text))
        {
            if (IsStopWord(word))
            {
                continue;
            }

            var stem = Stem(word);
            if (!terms.Contains(stem))
            {
                terms.Add(stem);
            }
        }

        return terms;
    }

    private static bool IsApostrophe(char c) => c is '\'' or '\u2019' or '\u2018' or '\u02BC' or '`' or '\u00B4';
}
