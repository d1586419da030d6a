using System.Text;

namespace Trackyard;

/// <summary>Makes text from the server safe to show: no control characters (terminal escapes), bounded length.</summary>
internal static class DisplayText
{
    internal static string? Clean(string? text, int maxLength)
    {
        if (text is null)
        {
            return null;
        }

        var builder = new StringBuilder(text.Length < maxLength ? text.Length : maxLength + 1);
        foreach (var c in text)
        {
            if (builder.Length >= maxLength)
            {
                builder.Append('…');
                break;
            }

            builder.Append(char.IsControl(c) ? ' ' : c);
        }

        var cleaned = builder.ToString().Trim();
        return cleaned.Length == 0 ? null : cleaned;
    }
}
