using System;
using System.Runtime.InteropServices;
using System.Security;

namespace Trackyard;

/// <summary>
/// The API key, held only in a read-only SecureString. It becomes a string only inside
/// <see cref="UsePlainText{T}"/>, while a request header is written or a server message is redacted.
/// </summary>
internal sealed class ApiKey : IDisposable
{
    /// <summary>Keys shorter than this show no characters at all in <see cref="Suffix"/>.</summary>
    private const int MinimumLengthToShowSuffix = 8;

    private readonly SecureString _secret;
    private readonly int _length;

    private ApiKey(SecureString secret, string suffix)
    {
        _secret = secret;
        _length = secret.Length;
        Suffix = suffix;
    }

    /// <summary>"…" and the last 4 characters: enough to tell keys apart, never enough to use one.</summary>
    internal string Suffix { get; }

    /// <summary>Copies and validates a key; throws an InvalidInput failure for a blank or unsafe key.</summary>
    internal static ApiKey FromSecureString(SecureString? key)
    {
        if (key is null || key.Length == 0)
        {
            throw InvalidKey("The API key is empty.");
        }

        var copy = key.Copy();
        try
        {
            var suffix = Validate(copy);
            copy.MakeReadOnly();
            return new ApiKey(copy, suffix);
        }
        catch
        {
            copy.Dispose();
            throw;
        }
    }

    /// <summary>Wraps a key read from the environment.</summary>
    internal static ApiKey FromPlainText(string? key)
    {
        using var secure = new SecureString();
        foreach (var c in key ?? string.Empty)
        {
            secure.AppendChar(c);
        }

        return FromSecureString(secure);
    }

    /// <summary>Runs <paramref name="use"/> with the key as a string; keep the string no longer than the call.</summary>
    internal T UsePlainText<T>(Func<string, T> use)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(_secret);
            return use(Marshal.PtrToStringUni(pointer, _secret.Length));
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    /// <summary>
    /// Replaces every occurrence of the key, in any case, in text that came from elsewhere (a server echoing it
    /// back). A key already wiped (the connection was closed) has nothing left to find, so the text is returned
    /// unchanged rather than failing.
    /// </summary>
    internal string? Redact(string? text)
    {
        if (string.IsNullOrEmpty(text) || text!.Length < _length)
        {
            return text;
        }

        try
        {
            return UsePlainText(plain => ReplaceIgnoringCase(text, plain, "[key " + Suffix + "]"));
        }
        catch (ObjectDisposedException)
        {
            return text;
        }
    }

    /// <summary>Never the key: only its suffix.</summary>
    public override string ToString() => "key " + Suffix;

    /// <inheritdoc/>
    public void Dispose() => _secret.Dispose();

    /// <summary>Rejects blank keys and characters that could inject headers; returns the display suffix.</summary>
    private static string Validate(SecureString key)
    {
        var pointer = IntPtr.Zero;
        try
        {
            pointer = Marshal.SecureStringToGlobalAllocUnicode(key);
            var length = key.Length;
            var suffix = new char[Math.Min(4, length)];
            bool hasControl = false, hasSpaceOrNonAscii = false, allWhitespace = true;
            for (var i = 0; i < length; i++)
            {
                var c = (char)Marshal.ReadInt16(pointer, i * 2);
                hasControl |= char.IsControl(c);
                hasSpaceOrNonAscii |= char.IsWhiteSpace(c) || c > '\u007e';
                allWhitespace &= char.IsWhiteSpace(c);
                if (i >= length - suffix.Length)
                {
                    suffix[i - (length - suffix.Length)] = c;
                }
            }

            if (hasControl)
            {
                throw InvalidKey("The API key contains a control character (such as a line break); check how it was copied.");
            }

            if (allWhitespace)
            {
                throw InvalidKey("The API key is blank.");
            }

            if (hasSpaceOrNonAscii)
            {
                throw InvalidKey("The API key contains spaces or non-ASCII characters; check how it was copied.");
            }

            return length >= MinimumLengthToShowSuffix ? "…" + new string(suffix) : "…";
        }
        finally
        {
            if (pointer != IntPtr.Zero)
            {
                Marshal.ZeroFreeGlobalAllocUnicode(pointer);
            }
        }
    }

    private static string ReplaceIgnoringCase(string text, string key, string replacement)
    {
        var found = text.IndexOf(key, StringComparison.OrdinalIgnoreCase);
        if (found < 0)
        {
            return text;
        }

        var builder = new System.Text.StringBuilder(text.Length);
        var from = 0;
        while (found >= 0)
        {
            builder.Append(text, from, found - from).Append(replacement);
            from = found + key.Length;
            found = text.IndexOf(key, from, StringComparison.OrdinalIgnoreCase);
        }

        return builder.Append(text, from, text.Length - from).ToString();
    }

    private static TrackyardApiException InvalidKey(string message) =>
        new(TrackyardFailureKind.InvalidInput, message);
}
