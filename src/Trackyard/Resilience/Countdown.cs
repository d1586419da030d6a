using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// A wait the user can see: a progress bar counting down each second, on a timer of the call's clock, completed when
/// the wait is over, when it is disposed, or when the user cancels.
/// </summary>
internal sealed class Countdown : IDisposable
{
    /// <summary>The progress activity of rate-limit and retry waits.</summary>
    internal const int ActivityId = 429;

    private const string Activity = "Waiting for Trackyard";
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    private readonly TimeSpan _wait;
    private readonly string _status;
    private readonly IApiCallObserver _observer;
    private readonly TimeProvider _time;
    private readonly long _started;
    private readonly ITimer _timer;
    private readonly CancellationTokenRegistration _cancelled;
    private int _completed;

    private Countdown(TimeSpan wait, string status, IApiCallObserver observer, TimeProvider time, CancellationToken cancellationToken)
    {
        _wait = wait;
        _status = status;
        _observer = observer;
        _time = time;
        _started = time.GetTimestamp();
        _observer.OnProgress(Record(TimeSpan.Zero));
        _timer = time.CreateTimer(static state => ((Countdown)state!).OnTick(), this, Next(TimeSpan.Zero), Timeout.InfiniteTimeSpan);
        _cancelled = cancellationToken.Register(static state => ((Countdown)state!).Dispose(), this);
    }

    /// <summary>Shows a countdown of <paramref name="wait"/> that ends by itself; Polly does the waiting.</summary>
    internal static Countdown Start(TimeSpan wait, string status, IApiCallObserver observer, TimeProvider time, CancellationToken cancellationToken) =>
        new(wait, status, observer, time, cancellationToken);

    /// <summary>Waits <paramref name="wait"/> on <paramref name="time"/> with a countdown; Ctrl+C (the token) ends it at once.</summary>
    internal static async Task WaitAsync(TimeSpan wait, string status, IApiCallObserver observer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        using (Start(wait, status, observer, time, cancellationToken))
        {
#if NET8_0_OR_GREATER
            await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
#else
            await time.Delay(wait, cancellationToken).ConfigureAwait(false);
#endif
        }
    }

    /// <summary>Ends the countdown and removes the bar.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 1)
        {
            return;
        }

        _timer.Dispose();
        _cancelled.Dispose();
        _observer.OnProgress(new ProgressRecord(ActivityId, Activity, _status) { RecordType = ProgressRecordType.Completed });
    }

    private void OnTick()
    {
        var elapsed = _time.GetElapsedTime(_started);
        if (elapsed >= _wait)
        {
            Dispose();
            return;
        }

        if (Volatile.Read(ref _completed) == 0)
        {
            _observer.OnProgress(Record(elapsed));
            _timer.Change(Next(elapsed), Timeout.InfiniteTimeSpan);
        }
    }

    /// <summary>The next whole second, or the end of the wait when that comes first.</summary>
    private TimeSpan Next(TimeSpan elapsed)
    {
        var left = _wait - elapsed;
        return left < Tick ? left : Tick;
    }

    private ProgressRecord Record(TimeSpan elapsed)
    {
        var left = _wait - elapsed;
        return new ProgressRecord(ActivityId, Activity, _status)
        {
            SecondsRemaining = (int)Math.Max(0, Math.Ceiling(left.TotalSeconds)),
            PercentComplete = (int)Math.Min(100, Math.Max(0, 100 * elapsed.Ticks / Math.Max(1, _wait.Ticks))),
        };
    }
}
