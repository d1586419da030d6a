namespace Trackyard.Emulator;

/// <summary>An answer the control plane asked for instead of the normal one (POST /_emulator/faults).</summary>
public sealed record FaultSpec(
    string Path,
    int Times,
    int Status,
    IReadOnlyDictionary<string, string> Headers,
    string Body,
    string? BodyText,
    string? ContentType,
    int DelayMs,
    bool Abort)
{
    public const string JsonBody = "json";
    public const string HtmlBody = "html";
    public const string EmptyBody = "empty";
    public const string InvalidJsonBody = "invalid-json";
    public const string TruncatedBody = "truncated";

    /// <summary>The placeholder replaced by the key the client presented, as sent.</summary>
    public const string KeyPlaceholder = "{key}";

    /// <summary>The placeholder replaced by the key the client presented, upper-cased.</summary>
    public const string UpperKeyPlaceholder = "{KEY}";

    /// <summary>The header that <see cref="HeaderBytes"/> pads.</summary>
    public const string PaddingHeader = "X-Emulator-Padding";

    public const int MaxHeaderBytes = 16 * 1024 * 1024;
    public const int MaxBodyBytes = 256 * 1024 * 1024;
    public const long MaxGzipExpandBytes = 64L * 1024 * 1024 * 1024;

    public static readonly IReadOnlyList<string> BodyKinds = [JsonBody, HtmlBody, EmptyBody, InvalidJsonBody, TruncatedBody];

    /// <summary>The API paths a fault can target (the short form, as in /usage and the request log).</summary>
    public static readonly IReadOnlyList<string> Paths = ["/search", "/download-track", "/me", "/usage"];

    /// <summary>The HTTP reason phrase instead of the standard one; null = standard.</summary>
    public string? Reason { get; init; }

    /// <summary>When set, the body is a gzip stream (Content-Encoding: gzip) that expands to this many zero bytes.</summary>
    public long? GzipExpandBytes { get; init; }

    /// <summary>With <see cref="GzipExpandBytes"/>: the length of the compressed stream, sent as Content-Length; null = chunked.</summary>
    public long? GzipContentLength { get; init; }

    /// <summary>When set, the header <see cref="PaddingHeader"/> carries this many bytes, so the header block is larger.</summary>
    public int? HeaderBytes { get; init; }

    /// <summary>How many times <see cref="BodyText"/> is sent in a row (1 = once), so a large body need not travel through the control plane.</summary>
    public int BodyRepeat { get; init; } = 1;

    /// <summary>Read the request body, then drop the connection before any byte of the answer.</summary>
    public bool AbortBeforeHeaders { get; init; }

    /// <summary>A text of the fault with the placeholders replaced by the presented key (as sent and upper-cased).</summary>
    public static string WithKey(string text, string presentedKey) =>
        text.Replace(KeyPlaceholder, presentedKey, StringComparison.Ordinal)
            .Replace(UpperKeyPlaceholder, presentedKey.ToUpperInvariant(), StringComparison.Ordinal);
}
