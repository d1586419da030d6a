using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>A wait the user can see: a progress bar counting down each second, completed when the wait ends.</summary>
internal static class Countdown
{
    /// <summary>The progress activity of rate-limit and retry waits.</summary>
    internal const int ActivityId = 429;

    private const string Activity = "Waiting for Trackyard";

    /// <summary>Waits <paramref name="wait"/> on <paramref name="time"/>; Ctrl+C (the token) ends it at once.</summary>
    internal static async Task WaitAsync(TimeSpan wait, string status, IApiCallObserver observer, TimeProvider time, CancellationToken cancellationToken)
    {
        if (wait <= TimeSpan.Zero)
        {
            return;
        }

        var started = time.GetTimestamp();
        var done = time.Delay(wait, cancellationToken);
        using var ticks = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            while (!done.IsCompleted)
            {
                observer.OnProgress(Tick(status, wait, time.GetElapsedTime(started)));
                await Task.WhenAny(done, time.Delay(TimeSpan.FromSeconds(1), ticks.Token)).ConfigureAwait(false);
            }
        }
        finally
        {
            ticks.Cancel();
            observer.OnProgress(new ProgressRecord(ActivityId, Activity, status) { RecordType = ProgressRecordType.Completed });
        }

        await done.ConfigureAwait(false);
    }

    private static ProgressRecord Tick(string status, TimeSpan wait, TimeSpan elapsed)
    {
        var left = wait - elapsed;
        return new ProgressRecord(ActivityId, Activity, status)
        {
            SecondsRemaining = (int)Math.Max(0, Math.Ceiling(left.TotalSeconds)),
            PercentComplete = (int)Math.Min(100, Math.Max(0, 100 * elapsed.Ticks / Math.Max(1, wait.Ticks))),
        };
    }
}
