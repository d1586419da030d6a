using System.Globalization;

namespace Trackyard.Emulator;

/// <summary>Command-line options (<c>--minute-seconds 2</c> etc.), read through the host configuration.</summary>
public sealed class EmulatorOptions
{
    public const string DefaultUrl = "http://127.0.0.1:5080";
    public const int DefaultSeed = 42;
    public const int DefaultCatalogSize = 5000;

    public double MinuteSeconds { get; init; } = 60;
    public double DaySeconds { get; init; } = 86400;
    public int Seed { get; init; } = DefaultSeed;
    public int CatalogSize { get; init; } = DefaultCatalogSize;

    public static EmulatorOptions FromConfiguration(IConfiguration configuration) => new()
    {
        MinuteSeconds = Read(configuration, "minute-seconds", 60.0, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), v => v > 0),
        DaySeconds = Read(configuration, "day-seconds", 86400.0, s => double.Parse(s, NumberStyles.Float, CultureInfo.InvariantCulture), v => v > 0),
        Seed = Read(configuration, "seed", DefaultSeed, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), _ => true),
        CatalogSize = Read(configuration, "catalog-size", DefaultCatalogSize, s => int.Parse(s, NumberStyles.Integer, CultureInfo.InvariantCulture), v => v >= Catalog.SpecialTrackCount && v <= 1_000_000),
    };

    private static T Read<T>(IConfiguration configuration, string name, T fallback, Func<string, T> parse, Func<T, bool> valid)
    {
        var text = configuration[name];
        if (text is null)
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
