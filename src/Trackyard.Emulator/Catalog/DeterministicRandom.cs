namespace Trackyard.Emulator;

/// <summary>
/// SplitMix64. Used instead of System.Random so the catalogue is the same for a seed on every .NET version.
/// </summary>
internal sealed class DeterministicRandom
{
    private ulong _state;

    // The seed is scrambled first: with a plain seed × step start, seed n+1 would replay seed n shifted by one.
    public DeterministicRandom(int seed) => _state = Mix((ulong)(uint)seed + 0x632BE59BD9B4E019UL);

    public ulong NextULong()
    {
        _state += 0x9E3779B97F4A7C15UL;
        return Mix(_state);
    }

    /// <summary>A number in [0, max).</summary>
    public int Next(int max) => (int)(NextULong() % (ulong)max);

    /// <summary>A number in [min, max].</summary>
    public int Between(int min, int max) => min + Next(max - min + 1);

    public double NextDouble() => (NextULong() >> 11) * (1.0 / (1UL << 53));

    public T Pick<T>(IReadOnlyList<T> items) => items[Next(items.Count)];

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
