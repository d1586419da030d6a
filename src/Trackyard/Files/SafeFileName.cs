using System;
using System.Text;

namespace Trackyard;

/// <summary>
/// Turns a file name chosen by the server (from Content-Disposition) into one that is safe on Windows, Linux and
/// macOS: a single name (no folder part, no "..") without reserved characters or device names, capped in length,
/// ending in ".mp3". Pure: it never touches the disk.
/// </summary>
internal static class SafeFileName
{
    /// <summary>
    /// Longest name before ".mp3", in UTF-8 bytes. Bytes rather than characters because Linux and macOS limit a
    /// name to 255 bytes (Windows to 255 UTF-16 units, never more than the bytes), and the temporary
    /// ".&lt;name&gt;.&lt;random&gt;.partial" beside it needs room too.
    /// </summary>
    internal const int MaxStemBytes = 150;

    internal const string Extension = ".mp3";

    private const char Replacement = '_';

    private static readonly string[] ReservedDeviceNames =
    {
        "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$",
        "COM1", "COM2", "COM3", "COM4", "COM5", "COM6", "COM7", "COM8", "COM9", "COM¹", "COM²", "COM³",
        "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9", "LPT¹", "LPT²", "LPT³",
    };

    /// <summary>
    /// A safe name for <paramref name="candidate"/>; when nothing usable is left, one made from
    /// <paramref name="trackId"/> (itself made safe), and when even that is empty, "track.mp3".
    /// </summary>
    internal static string From(string? candidate, string trackId) => From(candidate, trackId, string.Empty);

    /// <summary>
    /// Like <see cref="From(string?, string)"/>, with <paramref name="suffix"/> (such as " (preview)") before ".mp3",
    /// kept whole however long the name: the part before it is capped to leave it room.
    /// </summary>
    internal static string From(string? candidate, string trackId, string suffix)
    {
        var room = MaxStemBytes - Encoding.UTF8.GetByteCount(suffix);
        var stem = Stem(candidate, room) ?? Stem(trackId, room) ?? "track";
        return stem + suffix + Extension;
    }

    /// <summary>The safe name without ".mp3", at most <paramref name="maxBytes"/> long, or null when nothing usable is left.</summary>
    private static string? Stem(string? name, int maxBytes)
    {
        if (name is null)
        {
            return null;
        }

        var text = ReplaceUnsafeCharacters(name).Normalize(NormalizationForm.FormC).TrimEnd(' ', '.');
        if (text.EndsWith(Extension, StringComparison.OrdinalIgnoreCase))
        {
            text = text.Substring(0, text.Length - Extension.Length);
        }

        // No "..": even without separators a name of dots means "this folder" or "the parent" to some tools.
        while (text.Contains(".."))
        {
            text = text.Replace("..", ".");
        }

        // Leading dots hide a file on Unix; trailing dots and spaces are silently dropped by Windows.
        text = CapBytes(text.Trim(' ', '.'), maxBytes).TrimEnd(' ', '.');
        if (text.Length == 0 || text.Trim(Replacement).Length == 0)
        {
            return null;
        }

        return IsReservedDeviceName(text) ? Replacement + text : text;
    }

    private static string ReplaceUnsafeCharacters(string name)
    {
        var builder = new StringBuilder(name.Length);
        for (var i = 0; i < name.Length; i++)
        {
            var c = name[i];
            if (char.IsHighSurrogate(c) && i + 1 < name.Length && char.IsLowSurrogate(name[i + 1]))
            {
                builder.Append(c).Append(name[++i]);
            }
            else if (IsBidiControl(c))
            {
                // Dropped: "evil\u202Eqgp.mp3" would otherwise display as a different extension.
            }
            else if (char.IsControl(c) || char.IsSurrogate(c) || c is '/' or '\\' or '<' or '>' or ':' or '"' or '|' or '?' or '*')
            {
                builder.Append(Replacement);
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static bool IsBidiControl(char c) => c is '\u200E' or '\u200F' or (>= '\u202A' and <= '\u202E') or (>= '\u2066' and <= '\u2069');

    /// <summary>Cuts <paramref name="text"/> to at most <paramref name="maxBytes"/> UTF-8 bytes without splitting a character.</summary>
    private static string CapBytes(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        var bytes = 0;
        var length = 0;
        while (length < text.Length)
        {
            var width = char.IsHighSurrogate(text[length]) && length + 1 < text.Length ? 2 : 1;
            var size = Encoding.UTF8.GetByteCount(text.ToCharArray(length, width));
            if (bytes + size > maxBytes)
            {
                break;
            }

            bytes += size;
            length += width;
        }

        return text.Substring(0, length);
    }

    /// <summary>Windows opens a device for "NUL", "nul.txt" or "Com1 .tar.gz" (the part before the first dot, trailing spaces ignored).</summary>
    private static bool IsReservedDeviceName(string stem)
    {
        var dot = stem.IndexOf('.');
        var baseName = (dot < 0 ? stem : stem.Substring(0, dot)).TrimEnd(' ');
        foreach (var reserved in ReservedDeviceNames)
        {
            if (string.Equals(baseName, reserved, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
