using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Trackyard;

/// <summary>
/// Reads the file name out of a raw <c>Content-Disposition</c> header value (RFC 6266): <c>filename*</c>
/// (RFC 8187, <c>UTF-8''percent-encoded</c>) first, then <c>filename</c> (a token or a quoted string with
/// backslash escapes). Parsed by hand because HttpClient's own parser differs between .NET Framework and .NET,
/// and drops the whole header when one parameter is malformed. The result is NOT safe yet: see <see cref="SafeFileName"/>.
/// </summary>
internal static class ContentDispositionFileName
{
    private static readonly Encoding StrictUtf8 = new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The file name the header suggests, or null when it has none that can be decoded.</summary>
    internal static string? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        string? plain = null;
        string? extended = null;
        foreach (var (name, value) in Parameters(header!))
        {
            if (extended is null && string.Equals(name, "filename*", StringComparison.OrdinalIgnoreCase))
            {
                extended = DecodeExtended(value);
            }
            else if (plain is null && string.Equals(name, "filename", StringComparison.OrdinalIgnoreCase))
            {
                plain = value;
            }
        }

        return !string.IsNullOrEmpty(extended) ? extended : string.IsNullOrEmpty(plain) ? null : plain;
    }

    /// <summary>The <c>name=value</c> parameters after the disposition type, quoted values unescaped.</summary>
    private static IEnumerable<(string Name, string Value)> Parameters(string header)
    {
        var i = header.IndexOf(';');
        while (i >= 0 && i < header.Length)
        {
            i++; // past ';'
            var equals = header.IndexOf('=', i);
            var semicolon = header.IndexOf(';', i);
            if (equals < 0)
            {
                yield break;
            }

            if (semicolon >= 0 && semicolon < equals)
            {
                i = semicolon; // a parameter without a value: skip it
                continue;
            }

            var name = header.Substring(i, equals - i).Trim();
            i = equals + 1;
            while (i < header.Length && header[i] == ' ')
            {
                i++;
            }

            string value;
            if (i < header.Length && header[i] == '"')
            {
                value = ReadQuoted(header, ref i);
                i = header.IndexOf(';', i);
            }
            else
            {
                var end = header.IndexOf(';', i);
                value = (end < 0 ? header.Substring(i) : header.Substring(i, end - i)).Trim();
                i = end;
            }

            yield return (name, value);
        }
    }

    /// <summary>Reads a quoted string starting at the opening quote; <paramref name="i"/> ends after the closing one.</summary>
    private static string ReadQuoted(string header, ref int i)
    {
        var value = new StringBuilder();
        for (i++; i < header.Length; i++)
        {
            var c = header[i];
            if (c == '\\' && i + 1 < header.Length)
            {
                value.Append(header[++i]);
            }
            else if (c == '"')
            {
                i++;
                break;
            }
            else
            {
                value.Append(c);
            }
        }

        return value.ToString();
    }

    /// <summary>Decodes <c>charset'language'percent-encoded</c>; null when the charset is unknown or the bytes are invalid.</summary>
    private static string? DecodeExtended(string value)
    {
        var first = value.IndexOf('\'');
        var second = first < 0 ? -1 : value.IndexOf('\'', first + 1);
        if (second < 0)
        {
            return null;
        }

        var charset = value.Substring(0, first);
        var bytes = PercentDecode(value.Substring(second + 1));
        if (bytes is null)
        {
            return null;
        }

        try
        {
            if (string.Equals(charset, "UTF-8", StringComparison.OrdinalIgnoreCase))
            {
                return StrictUtf8.GetString(bytes);
            }

            if (string.Equals(charset, "ISO-8859-1", StringComparison.OrdinalIgnoreCase))
            {
                var chars = new char[bytes.Length];
                for (var j = 0; j < bytes.Length; j++)
                {
                    chars[j] = (char)bytes[j];
                }

                return new string(chars);
            }
        }
        catch (DecoderFallbackException)
        {
            // Not valid UTF-8: fall back to the plain filename parameter.
        }

        return null;
    }

    private static byte[]? PercentDecode(string encoded)
    {
        var bytes = new List<byte>(encoded.Length);
        for (var i = 0; i < encoded.Length; i++)
        {
            var c = encoded[i];
            if (c == '%')
            {
                if (i + 2 >= encoded.Length
                    || !byte.TryParse(encoded.Substring(i + 1, 2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var b))
                {
                    return null;
                }

                bytes.Add(b);
                i += 2;
            }
            else if (c > 0x7F)
            {
                return null; // RFC 8187 values are ASCII; anything else is not what the server meant to send
            }
            else
            {
                bytes.Add((byte)c);
            }
        }

        return bytes.ToArray();
    }
}
