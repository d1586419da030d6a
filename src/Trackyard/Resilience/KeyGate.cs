using System;
using System.Threading;
using System.Threading.Tasks;
using Trackyard.Resilience;

namespace Trackyard;

/// <summary>
/// The pipeline stage every attempt passes: it asks the key's shared <see cref="KeyRateLimiter"/> for a send slot.
/// While the key cools down after a 429 or its window is used up, a call with -RetryOnRateLimit waits (counted down,
/// booked on -MaximumRetryWaitSec); any other call fails at once with RateLimited, without sending anything.
/// Connect-Trackyard's check of the key is the user's explicit act: it waits where it may, like any call, but where
/// it may not (no -RetryOnRateLimit, or a hold beyond its wait budget) it is sent anyway, and its answer replaces
/// what the process believed about the key, so that no local block can keep a user from checking their key.
/// </summary>
internal sealed class KeyGate : ISendGate<ApiCall, SendSlot>
{
    private readonly KeyRateLimiter _limiter;

    internal KeyGate(KeyRateLimiter limiter) => _limiter = limiter;

    /// <summary>The rate-limit headers of the latest answer on this key.</summary>
    internal RateLimitSnapshot? LastSnapshot => _limiter.LastSnapshot;

    public async Task<SendSlot> EnterAsync(ApiCall call, CancellationToken cancellationToken)
    {
        while (true)
        {
            var admission = _limiter.TryAdmit(authoritative: call.IsConnectCheck);
            if (admission.Slot is { } slot)
            {
                return slot;
            }

            var mayWait = call.MayWaitForRateLimit && (admission.Reason == HoldReason.InFlight || admission.Wait <= call.WaitLeft);
            if (call.IsConnectCheck && !mayWait)
            {
                return _limiter.AdmitRegardless();
            }

            if (admission.Reason == HoldReason.InFlight)
            {
                await WhenChangedAsync(admission.Changed!, cancellationToken).ConfigureAwait(false);
                continue;
            }

            await HoldAsync(admission.Reason, admission.Wait, call, cancellationToken).ConfigureAwait(false);
        }
    }

    private async Task HoldAsync(HoldReason reason, TimeSpan wait, ApiCall call, CancellationToken cancellationToken)
    {
        if (!call.MayWaitForRateLimit)
        {
            throw NotSent(reason, wait, call, "Use -RetryOnRateLimit to wait for it.", advice: null);
        }

        if (wait > call.WaitLeft)
        {
            throw NotSent(reason, wait, call, call.TooLongNote(wait), "Raise -MaximumRetryWaitSec to wait that long, or run the command again after the time above.");
        }

        call.Spend(wait);
        WaitText.AnnounceHold(reason, wait, call);
        await Countdown.WaitAsync(wait, WaitText.HoldStatus(reason), call.Observer, call.Time, cancellationToken).ConfigureAwait(false);
    }

    private TrackyardApiException NotSent(HoldReason reason, TimeSpan wait, ApiCall call, string note, string? advice)
    {
        var when = reason == HoldReason.DayUsedUp ? "by about" : "at";
        var message = $"Rate limited by Trackyard: {WaitText.Describe(reason)}, so {call.Request.Name}{call.Request.ForSubject} was not sent (no credit spent). "
            + $"It frees up in {WaitText.Seconds(wait)} s, {when} {WaitText.LocalTimeAfter(wait, call.Time)}.";
        return new TrackyardApiException(TrackyardFailureKind.RateLimited, message)
        {
            Delivery = Delivery.NotSent,
            RetryAfter = wait,
            RateLimit = _limiter.LastSnapshot,
            Note = note,
            Advice = advice,
        };
    }

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
