using System.Text;

namespace Trackyard.Emulator;

/// <summary>Splits text into lowercase words for the search index and for queries.</summary>
internal static class Tokenizer
{
    private static readonly HashSet<string> StopWords = new(StringComparer.Ordinal)
    {
        "a", "an", "and", "the", "for", "of", "in", "on", "to", "with", "some", "my", "me", "i", "it", "is",
        "music", "song", "track", "tune", "that", "this", "like", "something", "very", "really", "by",
    };

    /// <summary>Lowercase words; apostrophes are dropped ("children's" → "childrens"), every other non-letter-or-digit separates (except '&amp;', for "r&amp;b").</summary>
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
            else if (c is '\'' or '\u2019')
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
}
