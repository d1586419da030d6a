namespace Trackyard.Emulator;

/// <summary>
/// A sliding-log rate limit: at most <see cref="Limit"/> accepted requests in any window of <c>length</c>.
/// A request accepted at t counts while now &lt; t + length. Not thread-safe: the owning account locks.
/// </summary>
internal sealed class SlidingWindow(int limit, TimeSpan length)
{
    private readonly Queue<TimeSpan> _accepted = new();

    public int Limit { get; } = limit;

    public void Prune(TimeSpan now)
    {
        while (_accepted.Count > 0 && _accepted.Peek() + length <= now)
        {
            _accepted.Dequeue();
        }
    }

    /// <summary>How long until one more request fits; zero when it fits now. Call <see cref="Prune"/> first.</summary>
    public TimeSpan WaitForSlot(TimeSpan now) =>
        _accepted.Count < Limit ? TimeSpan.Zero : _accepted.Peek() + length - now;

    /// <summary>How long until the oldest request in the window leaves it; zero when the window is empty.</summary>
    public TimeSpan UntilOldestExpires(TimeSpan now) =>
        _accepted.Count == 0 ? TimeSpan.Zero : _accepted.Peek() + length - now;

    public int Remaining => Math.Max(0, Limit - _accepted.Count);

    public void Add(TimeSpan now) => _accepted.Enqueue(now);
}
