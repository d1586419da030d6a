namespace Trackyard.Emulator;

/// <summary>Everything the emulator holds, shared by all requests.</summary>
public sealed class EmulatorState
{
    private readonly long _origin;

    public EmulatorState(EmulatorOptions options, TimeProvider time)
    {
        Options = options;
        Time = time;
        _origin = time.GetTimestamp();
        Catalog = new Catalog(options.Seed, options.CatalogSize);
        Search = new SearchEngine(Catalog);
        Keys = new KeyStore(TimeSpan.FromSeconds(options.MinuteSeconds), TimeSpan.FromSeconds(options.DaySeconds));
    }

    public EmulatorOptions Options { get; }
    public TimeProvider Time { get; }
    public Catalog Catalog { get; }
    public SearchEngine Search { get; }
    public KeyStore Keys { get; }
    public FaultQueue Faults { get; } = new();
    public RequestLog Log { get; } = new();

    /// <summary>Monotonic time since start, for rate windows (wall-clock jumps must not move them).</summary>
    public TimeSpan Now => Time.GetElapsedTime(_origin);

    public void Reset()
    {
        Keys.Reset();
        Faults.Clear();
        Log.Clear();
    }
}
