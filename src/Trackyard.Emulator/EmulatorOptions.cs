using System.Globalization;

namespace Trackyard.Emulator;

/// <summary>Which headers and error bodies the emulator sends (<c>--profile</c>).</summary>
public enum EmulatorProfile
{
    /// <summary>The documented headers and bodies plus conveniences: X-Request-Id, RateLimit-Reset, WWW-Authenticate, <c>code</c>/<c>request_id</c>/<c>retry_after</c>.</summary>
    Default,

    /// <summary>Only what the public docs promise: the documented headers, and error bodies shaped exactly as the docs show them.</summary>
    Docs,
}

/// <summary>
/// Command-line options (<c>--minute-seconds 2</c> or <c>--minute-seconds=2</c>). Parsing is strict: an unknown
/// option, a missing value, a repeated option or a bad value is an <see cref="ArgumentException"/> naming it.
/// </summary>
public sealed class EmulatorOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const int DefaultSeed = 42;
    public const int DefaultCatalogSize = 5000;

    /// <summary>Usage text for <c>--help</c>, one option per line.</summary>
    public const string Usage = """
        Usage: Trackyard.Emulator [options]

        A local Trackyard API server for tests, demos and benchmarks. When ready it prints
        "Trackyard emulator listening on http://HOST:PORT" and then the API base URI on stdout.

        Options:
          --urls URL                where to listen (default http://127.0.0.1:5080; port 0 picks a free port)
          --minute-seconds N        length of the "per minute" rate window in seconds (> 0, default 60)
          --day-seconds N           length of the "per day" rate window in seconds (> 0, default 86400)
          --seed N                  seed of the catalogue (default 42)
          --catalog-size N          number of tracks, special tracks included (10 to 1000000, default 5000)
          --profile NAME            default: documented headers and bodies plus conveniences;
                                    docs: only what the public docs promise
          --preview-base-uri URL    absolute http(s) base of preview_url, e.g. another emulator's address
                                    (default: this server's own /previews/)
          --help, -h                print this text and exit

        Exit codes: 0 after --help or a clean stop (Ctrl+C, SIGTERM); 2 for an invalid option.
        """;

    private static readonly string[] KnownNames =
        ["urls", "minute-seconds", "day-seconds", "seed", "catalog-size", "profile", "preview-base-uri"];

    /// <summary>The --urls value; null when not given.</summary>
    public string? Urls { get; init; }

    public double MinuteSeconds { get; init; } = 60;
    public double DaySeconds { get; init; } = 86400;
    public int Seed { get; init; } = DefaultSeed;
    public int CatalogSize { get; init; } = DefaultCatalogSize;
    public EmulatorProfile Profile { get; init; } = EmulatorProfile.Default;

    /// <summary>The base every preview_url starts with (ends with '/'); null = this server's own /previews/.</summary>
    public Uri? PreviewBaseUri { get; init; }

    /// <summary>True when --help or -h was given: print <see cref="Usage"/> and run nothing.</summary>
    public bool ShowHelp { get; init; }

    /// <summary>Reads the command line. Throws <see cref="ArgumentException"/> with a message naming the option.</summary>
    public static EmulatorOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var help = false;
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (arg is "--help" or "-h")
            {
                help = true;
                continue;
            }

            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                throw new ArgumentException($"Unexpected argument '{arg}'; options look like --name value (see --help).");
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            if (!KnownNames.Contains(name, StringComparer.Ordinal))
            {
                throw new ArgumentException($"Unknown option '--{name}' (see --help).");
            }

            string value;
            if (equals >= 0)
            {
                value = arg[(equals + 1)..];
            }
            else if (i + 1 < args.Count && !args[i + 1].StartsWith("--", StringComparison.Ordinal))
            {
                value = args[++i];
            }
            else
            {
                throw new ArgumentException($"Option '--{name}' needs a value (see --help).");
            }

            if (!values.TryAdd(name, value))
            {
                throw new ArgumentException($"Option '--{name}' is given twice.");
            }
        }

        return new EmulatorOptions
        {
            ShowHelp = help,
            Urls = values.GetValueOrDefault("urls") is { } urls ? Check(urls, "urls", u => u.Length > 0) : null,
            MinuteSeconds = Read(values, "minute-seconds", 60.0, ParseDouble, v => v > 0),
            DaySeconds = Read(values, "day-seconds", 86400.0, ParseDouble, v => v > 0),
            Seed = Read(values, "seed", DefaultSeed, ParseInt, _ => true),
            CatalogSize = Read(values, "catalog-size", DefaultCatalogSize, ParseInt, v => v >= Catalog.SpecialTrackCount && v <= 1_000_000),
            Profile = Read(values, "profile", EmulatorProfile.Default, ParseProfile, _ => true),
            PreviewBaseUri = Read<Uri?>(values, "preview-base-uri", null, ParsePreviewBase, _ => true),
        };
    }

    private static double ParseDouble(string s) => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture);

    private static int ParseInt(string s) => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture);

    private static EmulatorProfile ParseProfile(string s) => s switch
    {
        "default" => EmulatorProfile.Default,
        "docs" => EmulatorProfile.Docs,
        _ => throw new FormatException(),
    };

    /// <summary>
    /// An absolute http or https URI. Without a path it means another emulator, whose previews are under /previews/;
    /// a missing final '/' is added so that "&lt;id&gt;.mp3" appends cleanly.
    /// </summary>
    private static Uri? ParsePreviewBase(string s)
    {
        if (!Uri.TryCreate(s, UriKind.Absolute, out var uri) || uri.Scheme is not ("http" or "https") || uri.Query.Length > 0 || uri.Fragment.Length > 0)
        {
            throw new FormatException();
        }

        if (uri.AbsolutePath == "/")
        {
            return new Uri(uri, PreviewEndpoint.Prefix);
        }

        return uri.AbsoluteUri.EndsWith('/') ? uri : new Uri(uri.AbsoluteUri + "/");
    }

    private static string Check(string value, string name, Func<string, bool> valid) =>
        valid(value) ? value : throw new ArgumentException($"Invalid value '{value}' for --{name}.");

    private static T Read<T>(Dictionary<string, string> values, string name, T fallback, Func<string, T> parse, Func<T, bool> valid)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        try
        {
            var value = parse(text);
            if (valid(value))
            {
                return value;
            }
        }
        catch (FormatException)
        {
        }
        catch (OverflowException)
        {
        }

        throw new ArgumentException($"Invalid value '{text}' for --{name}.");
    }
}
