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
/// A request that is not to an API endpoint (a track's preview URL) passes without a slot: the key's limits and
/// rate-limit headers belong to the API's endpoints, and a preview server's answer must not teach the limiter.
/// </summary>
internal sealed class KeyGate : ISendGate<ApiCall, GateTicket>
{
    private readonly KeyRateLimiter _limiter;

    internal KeyGate(KeyRateLimiter limiter) => _limiter = limiter;

    /// <summary>The rate-limit headers of the latest answer on this key.</summary>
    internal RateLimitSnapshot? LastSnapshot => _limiter.LastSnapshot;

    public async Task<GateTicket> EnterAsync(ApiCall call, CancellationToken cancellationToken)
    {
        if (!call.Request.IsApiEndpoint)
        {
            return GateTicket.Ungated;
        }

        while (true)
        {
            var admission = _limiter.TryAdmit(authoritative: call.IsConnectCheck);
            if (admission.Slot is { } slot)
            {
                return new GateTicket(slot);
            }

            var mayWait = call.MayWaitForRateLimit && (admission.Reason == HoldReason.InFlight || admission.Wait <= call.WaitLeft);
            if (call.IsConnectCheck && !mayWait)
            {
                return new GateTicket(_limiter.AdmitRegardless());
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

/// <summary>
/// An attempt's pass through the <see cref="KeyGate"/>: the key's send slot for a request to an API endpoint, none
/// for any other request. Disposed when the attempt ends.
/// </summary>
internal sealed class GateTicket : IDisposable
{
    private readonly SendSlot? _slot;

    internal GateTicket(SendSlot? slot) => _slot = slot;

    /// <summary>The pass of a request the key's limiter does not govern.</summary>
    internal static GateTicket Ungated { get; } = new(null);

    /// <summary>Records the answer's status and rate-limit headers on the key's slot.</summary>
    internal void Complete(int status, RateLimitSnapshot? snapshot, TimeSpan? retryAfter) => _slot?.Complete(status, snapshot, retryAfter);

    /// <summary>Frees the key's slot without an answer (a no-op once completed).</summary>
    public void Dispose() => _slot?.Dispose();
}
