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

    public static readonly IReadOnlyList<string> BodyKinds = [JsonBody, HtmlBody, EmptyBody, InvalidJsonBody, TruncatedBody];

    /// <summary>The API paths a fault can target (the short form, as in /usage and the request log).</summary>
    public static readonly IReadOnlyList<string> Paths = ["/search", "/download-track", "/me", "/usage"];
}
