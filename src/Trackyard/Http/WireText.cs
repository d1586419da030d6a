namespace Trackyard;

/// <summary>
/// The one place text from the wire passes before it reaches a message, a property or a file name: the reason
/// phrase, headers, error bodies, Location, Content-Disposition, and what .NET says about a failed request. It is
/// cleaned like any displayed text (<see cref="DisplayText"/>) and the connection's API key is redacted, whatever its
/// case, because a hostile or broken server may echo the key back.
/// </summary>
internal sealed class WireText
{
    private readonly ApiKey _key;

    internal WireText(ApiKey key) => _key = key;

    /// <summary>The text made safe, or null when nothing visible is left.</summary>
    internal string? Clean(string? text, int maxLength = 300) => DisplayText.Clean(Redact(text), maxLength);

    /// <summary>Only the key's redaction (for text that is made safe elsewhere, such as a file name).</summary>
    internal string? Redact(string? text) => _key.Redact(text);
}
