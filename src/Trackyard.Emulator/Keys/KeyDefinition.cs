namespace Trackyard.Emulator;

/// <summary>What a key may do. Null numbers mean unlimited.</summary>
public sealed record KeyDefinition(
    string Key,
    string Tier,
    long? Credits,
    int? PerMinute,
    int? PerDay,
    IReadOnlyList<string> Scopes,
    bool Revoked = false)
{
    public const string SearchScope = "search";
    public const string DownloadScope = "download";

    public static readonly IReadOnlyList<string> AllScopes = [SearchScope, DownloadScope];

    /// <summary>The built-in keys (the README's Keys table).</summary>
    public static IReadOnlyList<KeyDefinition> BuiltIn { get; } =
    [
        new("trackyard_test_free", "free", 50, 5, 50, AllScopes),
        new("trackyard_test_starter", "starter", 300, 10, 500, AllScopes),
        new("trackyard_test_pro", "pro", 50_000, 300, null, AllScopes),
        new("trackyard_test_unlimited", "pro", null, null, null, AllScopes),
        new("trackyard_test_nocredits", "starter", 0, 10, 500, AllScopes),
        new("trackyard_test_searchonly", "starter", 300, 10, 500, [SearchScope]),
        new("trackyard_test_revoked", "free", 0, null, null, AllScopes, Revoked: true),
    ];
}
