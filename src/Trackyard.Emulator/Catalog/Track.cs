namespace Trackyard.Emulator;

/// <summary>One catalogue track, with the precomputed bit masks the search filters use.</summary>
public sealed class Track
{
    public required string Id { get; init; }
    public required string Title { get; init; }
    public required string Artist { get; init; }
    public required int DurationSeconds { get; init; }
    public required int Bpm { get; init; }
    public required string Key { get; init; }
    public required string Genre { get; init; }
    public required IReadOnlyList<string> Subgenres { get; init; }
    public required IReadOnlyList<string> Moods { get; init; }
    public required bool HasVocals { get; init; }
    public required string EnergyLevel { get; init; }
    public required IReadOnlyList<string> Instruments { get; init; }

    internal int GenreIndex { get; init; }
    internal ulong MoodMask { get; init; }
    internal ulong InstrumentMask { get; init; }
    internal int EnergyIndex { get; init; }
}
