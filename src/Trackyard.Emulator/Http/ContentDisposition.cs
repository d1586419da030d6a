using System.Text;

namespace Trackyard.Emulator;

/// <summary>
/// <c>attachment; filename="&lt;title&gt;.mp3"</c>: quotes and backslashes escaped, every non-ASCII character or
/// control character replaced by '_' in the plain filename; for non-ASCII titles also
/// <c>filename*=UTF-8''&lt;percent-encoded&gt;</c> (RFC 6266/8187). Slashes, colons and dots are left as they are:
/// making a file name safe is the client's job.
/// </summary>
public static class ContentDisposition
{
    public static string ForTitle(string title)
    {
        var fileName = title + ".mp3";
        var plain = new StringBuilder(fileName.Length + 8);
        var needsExtended = false;
        foreach (var rune in fileName.EnumerateRunes())
        {
            if (rune.Value is < 0x20 or 0x7F)
            {
                plain.Append('_');
            }
            else if (rune.Value > 0x7F)
            {
                plain.Append('_');
                needsExtended = true;
            }
            else if (rune.Value is '"' or '\\')
            {
                plain.Append('\\').Append((char)rune.Value);
            }
            else
            {
                plain.Append((char)rune.Value);
            }
        }

        var header = $"attachment; filename=\"{plain}\"";
        return needsExtended ? $"{header}; filename*=UTF-8''{PercentEncode(fileName)}" : header;
    }

    private static string PercentEncode(string value)
    {
        var encoded = new StringBuilder();
        foreach (var b in Encoding.UTF8.GetBytes(value))
        {
            // attr-char of RFC 8187
            if (b is (>= (byte)'a' and <= (byte)'z') or (>= (byte)'A' and <= (byte)'Z') or (>= (byte)'0' and <= (byte)'9')
                || "!#$&+-.^_`|~".Contains((char)b))
            {
                encoded.Append((char)b);
            }
            else
            {
                encoded.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return encoded.ToString();
    }
}
