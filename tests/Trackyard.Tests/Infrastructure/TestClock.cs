using Microsoft.Extensions.Time.Testing;

namespace Trackyard.Tests.Infrastructure;

/// <summary>
/// A fake clock that also tells when code starts waiting on it. Every timer it makes is recorded with its due time,
/// so a test waits for the positive signal "this wait has begun" before it moves the clock, and then knows that
/// nothing can happen until the clock reaches the timer: asserting that nothing happened needs no sleep.
/// </summary>
public sealed class TestClock : FakeTimeProvider
{
    private readonly List<TimeSpan> _dueTimes = new();
    private readonly SemaphoreSlim _created = new(0);

    public TestClock()
        : base(new DateTimeOffset(2026, 11, 2, 12, 0, 0, TimeSpan.Zero))
    {
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new RecordedTimer(this, base.CreateTimer(callback, state, dueTime, period));
        Record(dueTime);
        return timer;
    }

    /// <summary>Waits (really, bounded) until a timer due <paramref name="dueTime"/> after its creation has been made.</summary>
    public async Task WaitForTimerAsync(TimeSpan dueTime)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (true)
        {
            lock (_dueTimes)
            {
                var index = _dueTimes.FindIndex(due => Math.Abs((due - dueTime).TotalMilliseconds) < 1);
                if (index >= 0)
                {
                    _dueTimes.RemoveAt(index);
                    return;
                }
            }

            try
            {
                await _created.WaitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                throw new TimeoutException($"No wait of {dueTime.TotalSeconds} s began; waits seen: {string.Join(", ", Seen())}");
            }
        }
    }

    /// <summary>Waits for a timer of <paramref name="seconds"/>.</summary>
    public Task WaitForTimerAsync(double seconds) => WaitForTimerAsync(TimeSpan.FromSeconds(seconds));

    private void Record(TimeSpan dueTime)
    {
        if (dueTime == Timeout.InfiniteTimeSpan)
        {
            return;
        }

        lock (_dueTimes)
        {
            _dueTimes.Add(dueTime);
        }

        _created.Release();
    }

    private IEnumerable<string> Seen()
    {
        lock (_dueTimes)
        {
            return _dueTimes.Select(d => d.TotalSeconds.ToString("0.###", global::System.Globalization.CultureInfo.InvariantCulture)).ToList();
        }
    }

    /// <summary>A timer that reports being set again (Change) as a new wait, as cancellation timeouts do.</summary>
    private sealed class RecordedTimer : ITimer
    {
        private readonly TestClock _clock;
        private readonly ITimer _inner;

        internal RecordedTimer(TestClock clock, ITimer inner)
        {
            _clock = clock;
            _inner = inner;
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            var changed = _inner.Change(dueTime, period);
            _clock.Record(dueTime);
            return changed;
        }

        public void Dispose() => _inner.Dispose();

        public ValueTask DisposeAsync() => _inner.DisposeAsync();
    }
}
