using System.Text;
using System.Text.RegularExpressions;

namespace Trackyard;

/// <summary>
/// Makes text safe to put in a message: terminal controls (escape sequences, bell, other C0/C1 characters) and
/// bidirectional overrides cannot reach the console, the user information of any URI (<c>http://user:pass@host</c>)
/// is hidden, and the length is bounded. Text from the server goes through <see cref="WireText"/>, which adds the
/// key's redaction to this.
/// </summary>
internal static class DisplayText
{
    /// <summary>What stands in for a character that must not reach a terminal.</summary>
    internal const char Replacement = '\uFFFD';

    private static readonly Regex UserInfo = new(@"(?<scheme>[A-Za-z][A-Za-z0-9+.\-]*://)[^/?#\s@]*@", RegexOptions.CultureInvariant);

    /// <summary>The cleaned text, or null when <paramref name="text"/> is null or nothing visible is left.</summary>
    internal static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        if (text.IndexOf('@') >= 0)
        {
            text = UserInfo.Replace(text, "${scheme}***@");
        }

        var builder = new StringBuilder(text.Length < maxLength ? text.Length : maxLength + 1);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(c is '\t' or '\r' or '\n' ? ' ' : IsUnsafe(c) ? Replacement : c);
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }

    /// <summary>
    /// <paramref name="text"/> with only the characters that must not reach a terminal replaced (no trimming, no
    /// cap): for values shown as they are, such as an ErrorRecord's target.
    /// </summary>
    internal static string Escape(string text)
    {
        foreach (var c in text)
        {
            if (IsUnsafe(c))
            {
                var builder = new StringBuilder(text.Length);
                foreach (var d in text)
                {
                    builder.Append(IsUnsafe(d) ? Replacement : d);
                }

                return builder.ToString();
            }
        }

        return text;
    }

    /// <summary>A name or id from the user or the server, quoted for a message: "'abc'".</summary>
    internal static string Quote(string? text) => "'" + (Clean(text, 200) ?? string.Empty) + "'";

    /// <summary>Control characters (C0, DEL, C1) and the characters that reorder text (bidi marks and overrides).</summary>
    internal static bool IsUnsafe(char c) =>
        char.IsControl(c) || c is '\u200E' or '\u200F' or '\u061C' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');
}
