using System;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Decides when an attempt may be sent: after the call's own retry delay, and when the key's shared limiter hands
/// out a slot. Every wait is counted down visibly and booked against -MaximumRetryWaitSec; a caller without
/// -RetryOnRateLimit is not held by a rate limit but fails at once with RateLimited, without sending anything.
/// </summary>
internal sealed class Pacer
{
    private static readonly TimeSpan AnnounceFrom = TimeSpan.FromSeconds(1);

    private readonly KeyRateLimiter _limiter;
    private readonly TimeProvider _time;

    internal Pacer(KeyRateLimiter limiter, TimeProvider time)
    {
        _limiter = limiter;
        _time = time;
    }

    /// <summary>Waits for the turn of the next attempt and returns its slot; dispose or complete the slot.</summary>
    internal async Task<SendSlot> WaitForTurnAsync(RetryBudget budget, CancellationToken cancellationToken)
    {
        await WaitForOwnRetryAsync(budget, cancellationToken).ConfigureAwait(false);
        while (true)
        {
            var admission = _limiter.TryAdmit();
            if (admission.Slot is { } slot)
            {
                return slot;
            }

            if (admission.Reason == HoldReason.InFlight)
            {
                await WhenChangedAsync(admission.Changed!, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await HoldAsync(admission.Reason, admission.Wait, budget, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The delay the planner chose after the previous attempt, measured on the monotonic clock.</summary>
    private async Task WaitForOwnRetryAsync(RetryBudget budget, CancellationToken cancellationToken)
    {
        if (budget.Scheduled is not { } plan)
        {
            return;
        }

        var status = $"{plan.Reason}; retry {plan.Attempt} of {plan.MaxAttempts}";
        TimeSpan left;
        while ((left = Until(budget.NotBefore)) > TimeSpan.Zero)
        {
            await Countdown.WaitAsync(left, status, budget.Call.Observer, _time, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HoldAsync(HoldReason reason, TimeSpan wait, RetryBudget budget, CancellationToken cancellationToken)
    {
        if (!budget.MayWaitForRateLimit)
        {
            throw NotSent(reason, wait, "Use -RetryOnRateLimit to wait for it.");
        }

        if (wait > budget.WaitLeft)
        {
            throw NotSent(reason, wait, $"Not waiting: that is more than -MaximumRetryWaitSec allows ({WaitText.Seconds(budget.Options.MaxRetryWait)} s).");
        }

        budget.Spend(wait);
        var observer = budget.Call.Observer;
        if (wait >= AnnounceFrom)
        {
            var warning = $"Rate limited by Trackyard; {Describe(reason)}, waiting {WaitText.Seconds(wait)} s";
            if (observer is IApiCallWarnings warnings)
            {
                warnings.OnWarning(warning);
            }
            else
            {
                observer.OnVerbose(warning);
            }
        }

        await Countdown.WaitAsync(wait, "Rate limited by Trackyard; " + Describe(reason), observer, _time, cancellationToken).ConfigureAwait(false);
    }

    private TrackyardApiException NotSent(HoldReason reason, TimeSpan wait, string advice)
    {
        var when = reason == HoldReason.DayUsedUp ? "by about" : "at";
        var message = $"Rate limited by Trackyard: {Describe(reason)}, so the request was not sent. "
            + $"It frees up in {WaitText.Seconds(wait)} s, {when} {WaitText.LocalTimeAfter(wait, _time)}. {advice}";
        return new TrackyardApiException(TrackyardFailureKind.RateLimited, message)
        {
            RetryAfter = wait,
            RateLimit = _limiter.LastSnapshot,
        };
    }

    private static string Describe(HoldReason reason) => reason switch
    {
        HoldReason.Cooldown => "the key was rate limited (429) and its Retry-After has not passed",
        HoldReason.MinuteUsedUp => "the key's requests for this minute are used up",
        HoldReason.DayUsedUp => "the key's requests for today are used up",
        _ => "the key's remaining requests are all on their way",
    };

    private TimeSpan Until(long timestamp) =>
        TimeSpan.FromSeconds((double)(timestamp - _time.GetTimestamp()) / _time.TimestampFrequency);

    private static async Task WhenChangedAsync(Task changed, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            await Task.WhenAny(changed, cancelled.Task).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }
}
