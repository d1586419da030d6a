using System;
using System.Globalization;

namespace Trackyard;

/// <summary>How waits are told: whole seconds, local clock times, and the one wording of every retry and hold warning.</summary>
internal static class WaitText
{
    /// <summary>Waits shorter than this are not announced with a warning (the countdown still shows).</summary>
    internal static readonly TimeSpan AnnounceFrom = TimeSpan.FromSeconds(1);

    /// <summary>A wait in whole seconds, rounded, at least 1 for any wait that is not zero ("retrying in 1 s").</summary>
    internal static string Seconds(TimeSpan wait)
    {
        var seconds = Math.Round(wait.TotalSeconds);
        if (seconds < 1 && wait > TimeSpan.Zero)
        {
            seconds = 1;
        }

        return Math.Max(0, seconds).ToString(CultureInfo.InvariantCulture);
    }

    /// <summary>The local time <paramref name="wait"/> from now: "14:05:10", or with the date when it is not today.</summary>
    internal static string LocalTimeAfter(TimeSpan wait, TimeProvider time)
    {
        var now = time.GetLocalNow();
        var at = now + wait;
        var format = at.Date == now.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
        return at.ToString(format, CultureInfo.InvariantCulture) + " (local time)";
    }

    /// <summary>
    /// Tells that a retry waits <paramref name="delay"/> first: a warning ("…; retrying in 42 s (retry 1 of 5)") and a
    /// countdown on the progress stream until the wait is over.
    /// </summary>
    /// <param name="reason">What happened, e.g. "Trackyard answered HTTP 503".</param>
    /// <param name="delay">The wait before the next attempt.</param>
    /// <param name="retryNumber">This retry of its kind, from 1.</param>
    /// <param name="maxRetries">The most retries of this kind, or null when only the wait budget limits them.</param>
    /// <param name="call">The call that waits.</param>
    internal static void AnnounceRetry(string reason, TimeSpan delay, int retryNumber, int? maxRetries, ApiCall call)
    {
        var count = maxRetries is int max
            ? $"retry {retryNumber} of {max}"
            : $"retry {retryNumber}; at most {Seconds(call.MaxRetryWait)} s of waiting in all (-MaximumRetryWaitSec)";
        call.Observer.OnWarning($"{reason}; retrying in {Seconds(delay)} s ({count})");
        if (delay > TimeSpan.Zero)
        {
            Countdown.Start(delay, $"{reason}; retry {retryNumber} in", call.Observer, call.Time, call.CancellationToken);
        }
    }

    /// <summary>Tells that the send gate holds a request back for <paramref name="wait"/> (a warning from one second on).</summary>
    internal static void AnnounceHold(HoldReason reason, TimeSpan wait, ApiCall call)
    {
        if (wait >= AnnounceFrom)
        {
            call.Observer.OnWarning($"Rate limited by Trackyard; {Describe(reason)}, waiting {Seconds(wait)} s");
        }
    }

    /// <summary>The status line of a hold's countdown.</summary>
    internal static string HoldStatus(HoldReason reason) => "Rate limited by Trackyard; " + Describe(reason);

    /// <summary>Why the send gate holds a request back, in words.</summary>
    internal static string Describe(HoldReason reason) => reason switch
    {
        HoldReason.Cooldown => "the key was rate limited (429) and its Retry-After has not passed",
        HoldReason.MinuteUsedUp => "the key's requests for this minute are used up",
        HoldReason.DayUsedUp => "the key's requests for today are used up",
        _ => "the key's remaining requests are all on their way",
    };
}
