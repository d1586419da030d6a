using System;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>Why a request cannot be sent yet.</summary>
internal enum HoldReason
{
    /// <summary>The key got a 429 and its Retry-After has not passed.</summary>
    Cooldown,

    /// <summary>X-RateLimit-Remaining reached 0 and the per-minute window has not freed up.</summary>
    MinuteUsedUp,

    /// <summary>X-RateLimit-Remaining-Daily reached 0 and the day window has not freed up.</summary>
    DayUsedUp,

    /// <summary>Every request the key has left is already on its way: wait for an answer.</summary>
    InFlight,
}

/// <summary>
/// The shared view of one key's rate limit, for every call and runspace of the process (see
/// <see cref="RateLimiterRegistry"/>) and, through the key's state file, for the other processes of the user on the
/// machine (KeyRateLimiter.Shared.cs). It hands out send slots: none while the key cools down after a 429 or while
/// its window is used up, and no more than the server said are left, counting the requests still in flight, so
/// parallel callers never all send the last one. While nothing is known (at first, or after a window freed up) one
/// request goes at a time, and its answer tells how many may follow.
/// </summary>
internal sealed partial class KeyRateLimiter
{
    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly RetryOptions _options;
    private readonly SendLog _sends;
    private TaskCompletionSource<bool> _changed = NewSignal();

    private long _cooldownUntil;
    private Knowledge _knowledge = Knowledge.Unknown;
    private long _remaining;
    private long _usedUpUntil;
    private HoldReason _usedUpReason;
    private long _countSentAt;
    private long _countArrivedAt;
    private int _inFlight;
    private RateLimitSnapshot? _lastSnapshot;

    /// <param name="time">The clock of every wait and timestamp.</param>
    /// <param name="options">Margin, backoff base and assumed windows.</param>
    /// <param name="file">The key's state file, shared with the user's other processes; null = this process alone.</param>
    internal KeyRateLimiter(TimeProvider time, RetryOptions options, KeyStateFile? file = null)
    {
        _time = time;
        _options = options;
        _sends = new SendLog(Ticks(options.DayWindow));
        _file = file;
    }

    private enum Knowledge
    {
        /// <summary>No count known: one request at a time until an answer brings one.</summary>
        Unknown,

        /// <summary>The server's last count of requests left (<see cref="_remaining"/>).</summary>
        Known,

        /// <summary>The server sends no counts: nothing to pace by except 429s.</summary>
        NotReported,
    }

    /// <summary>How many times a caller was told to wait for an answer in flight (a signal tests wait for).</summary>
    internal int HeldForAnswers { get; private set; }

    /// <summary>The rate-limit headers of the latest answer on this key, for error messages.</summary>
    internal RateLimitSnapshot? LastSnapshot
    {
        get
        {
            lock (_gate)
            {
                return _lastSnapshot;
            }
        }
    }

    /// <summary>A slot to send now, or why not and for how long (or, for <see cref="HoldReason.InFlight"/>, a task that completes when something changes).</summary>
    /// <param name="authoritative">Whether the answer replaces what the limiter believed (Connect-Trackyard's check).</param>
    internal Admission TryAdmit(bool authoritative = false)
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            using var shared = OpenShared(now, always: TellsEveryRequest);
            if (now < _cooldownUntil)
            {
                return Admission.Hold(HoldReason.Cooldown, Span(_cooldownUntil - now));
            }

            if (_knowledge == Knowledge.Known && _remaining <= 0)
            {
                if (now < _usedUpUntil)
                {
                    return Admission.Hold(_usedUpReason, Span(_usedUpUntil - now));
                }

                // The window has freed up, but by how much is unknown until the next answer.
                _knowledge = Knowledge.Unknown;
            }

            var inFlight = _inFlight + _othersInFlight;
            var free = _knowledge switch
            {
                Knowledge.Known => _remaining - inFlight,
                Knowledge.Unknown => 1 - inFlight,
                _ => long.MaxValue,
            };
            if (free <= 0)
            {
                HeldForAnswers++;
                return Admission.WaitForAnswer(_othersInFlight > 0 ? ChangedOrLookAgain() : _changed.Task);
            }

            _inFlight++;
            if (shared != null && TellsEveryRequest)
            {
                Publish(shared, now);
            }

            return Admission.Send(new SendSlot(this, now, authoritative ? new Holds(_cooldownUntil, _usedUpUntil) : null));
        }
    }

    /// <summary>
    /// A slot whatever the key's state, for the user's explicit check of the key (Connect-Trackyard): its answer
    /// replaces what this process believed about the key.
    /// </summary>
    internal SendSlot AdmitRegardless()
    {
        lock (_gate)
        {
            var now = _time.GetTimestamp();
            _inFlight++;
            using var shared = OpenShared(now, always: true);
            if (shared != null)
            {
                Publish(shared, now);
            }

            return new SendSlot(this, now, new Holds(_cooldownUntil, _usedUpUntil));
        }
    }

    /// <summary>Records the answer to a slot's request (status and headers), or that there was none (status null).</summary>
    internal void Complete(SendSlot slot, int? status, RateLimitSnapshot? snapshot, TimeSpan? retryAfter)
    {
        lock (_gate)
        {
            _inFlight--;
            var now = _time.GetTimestamp();
            var news = _leased || (status is int answered && IsNews(slot, answered, snapshot));
            using var shared = news ? OpenShared(now, always: true) : null;
            if (status is int code)
            {
                Record(slot, code, snapshot, retryAfter, now);
            }

            if (shared != null)
            {
                Publish(shared, now);
            }

            var changed = _changed;
            _changed = NewSignal();
            changed.TrySetResult(true);
        }
    }

    private void Record(SendSlot slot, int status, RateLimitSnapshot? snapshot, TimeSpan? retryAfter, long now)
    {
        _lastSnapshot = snapshot ?? _lastSnapshot;
        if (slot.ReplacesHolds is { } believed)
        {
            // The user's own check of the key: what the service says now replaces the blocks this process believed in
            // when it sent the check (a cooldown or a used-up window). A block learnt while the check was on its way,
            // here or from another process, may come from a request the server counted later, so it stays. The
            // remaining count is taken as any other answer's.
            _cooldownUntil = IsLater(_cooldownUntil, believed.CooldownUntil) ? _cooldownUntil : 0;
            _usedUpUntil = IsLater(_usedUpUntil, believed.UsedUpUntil) ? _usedUpUntil : 0;
        }

        if (status == 429)
        {
            // The server said when to come back; that beats any estimate from the counts.
            _cooldownUntil = Math.Max(_cooldownUntil, now + Ticks(CooldownAfter429(retryAfter, snapshot)));
            _knowledge = Knowledge.Known;
            _remaining = 0;
            _countSentAt = slot.SentAt;
            _countArrivedAt = now;
            _usedUpUntil = Math.Max(_usedUpUntil, _cooldownUntil);
            _usedUpReason = HoldReason.Cooldown;
            return;
        }

        _sends.Add(slot.SentAt, now);
        var reported = Min(snapshot?.Remaining, snapshot?.RemainingDaily);
        if (reported is not long remaining)
        {
            // A success without counts means the server does not send them; an error page from a proxy means nothing.
            if (status is >= 200 and <= 299 && snapshot?.Limit is null && snapshot?.LimitDaily is null)
            {
                _knowledge = Knowledge.NotReported;
            }

            return;
        }

        TakeCount(remaining, slot.SentAt, now);
        if (remaining <= 0)
        {
            var (reason, until) = UsedUpUntil(snapshot!, now);
            if (until >= _usedUpUntil)
            {
                _usedUpUntil = until;
                _usedUpReason = reason;
            }
        }
    }

    /// <summary>
    /// Takes in a count of requests left that the server made some time after <paramref name="sentAt"/> and before
    /// <paramref name="arrivedAt"/> (an answer to this process, or one another process wrote in the state file).
    /// </summary>
    private void TakeCount(long remaining, long sentAt, long arrivedAt)
    {
        if (_knowledge != Knowledge.Known || sentAt > _countArrivedAt)
        {
            // Sent after the count we hold arrived, so the server counted this request later: its count is newer.
            (_remaining, _countSentAt, _countArrivedAt) = (remaining, sentAt, arrivedAt);
        }
        else if (_countSentAt > arrivedAt)
        {
            // The request behind our count was sent after this count arrived (another process's, read late): ours is newer.
        }
        else
        {
            // Sent while the request behind our count was still open: the server may have counted the two in
            // either order, whatever order we sent or heard them in. A count only rises when a window frees up,
            // so the lower of the two is the safe one, and it stands for the whole span of both.
            _remaining = Math.Min(_remaining, remaining);
            _countSentAt = Math.Min(_countSentAt, sentAt);
            _countArrivedAt = Math.Max(_countArrivedAt, arrivedAt);
        }

        _knowledge = Knowledge.Known;
    }

    /// <summary>
    /// Retry-After plus the margin (a Retry-After of zero: the first backoff step, as the retry itself waits); without a
    /// usable Retry-After, RateLimit-Reset plus the margin; else the first backoff step.
    /// </summary>
    private TimeSpan CooldownAfter429(TimeSpan? retryAfter, RateLimitSnapshot? snapshot)
    {
        if (retryAfter is { } asked)
        {
            return asked > TimeSpan.Zero ? asked + _options.RetryAfterMargin : _options.BackoffBase;
        }

        return snapshot?.ResetAfter is { } reset && reset > TimeSpan.Zero ? reset + _options.RetryAfterMargin : _options.BackoffBase;
    }

    /// <summary>
    /// When a used-up window frees up: RateLimit-Reset when the server sends it; otherwise the documented window
    /// after the oldest request this process sent within it (or after now, when it sent none). Other processes' sends
    /// need not be known for this: any of them older than ours would only free the window earlier, so the estimate
    /// errs on the late, safe side.
    /// </summary>
    private (HoldReason Reason, long Until) UsedUpUntil(RateLimitSnapshot snapshot, long now)
    {
        var margin = Ticks(_options.RetryAfterMargin);
        if (snapshot.RemainingDaily is 0)
        {
            return (HoldReason.DayUsedUp, WindowEnd(_options.DayWindow, now) + margin);
        }

        return snapshot.ResetAfter is { } reset
            ? (HoldReason.MinuteUsedUp, now + Ticks(reset) + margin)
            : (HoldReason.MinuteUsedUp, WindowEnd(_options.MinuteWindow, now) + margin);
    }

    private long WindowEnd(TimeSpan window, long now)
    {
        var length = Ticks(window);
        return (_sends.OldestWithin(length, now) ?? now) + length;
    }

    private long Ticks(TimeSpan span) => (long)(span.TotalSeconds * _time.TimestampFrequency);

    private TimeSpan Span(long ticks) => TimeSpan.FromSeconds((double)ticks / _time.TimestampFrequency);

    private static long? Min(long? a, long? b) => a is null ? b : b is null ? a : Math.Min(a.Value, b.Value);

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>The limiter's answer: a slot, or a reason to hold back.</summary>
internal sealed class Admission
{
    private Admission(SendSlot? slot, HoldReason reason, TimeSpan wait, Task? changed)
    {
        Slot = slot;
        Reason = reason;
        Wait = wait;
        Changed = changed;
    }

    /// <summary>The slot to send with; null when the request must wait.</summary>
    internal SendSlot? Slot { get; }

    internal HoldReason Reason { get; }

    /// <summary>How long until the key may send again (not for <see cref="HoldReason.InFlight"/>).</summary>
    internal TimeSpan Wait { get; }

    /// <summary>For <see cref="HoldReason.InFlight"/>: completes when an answer arrives.</summary>
    internal Task? Changed { get; }

    internal static Admission Send(SendSlot slot) => new(slot, default, TimeSpan.Zero, null);

    internal static Admission Hold(HoldReason reason, TimeSpan wait) => new(null, reason, wait, null);

    internal static Admission WaitForAnswer(Task changed) => new(null, HoldReason.InFlight, TimeSpan.Zero, changed);
}

/// <summary>The blocks a limiter believed in at one moment (monotonic timestamps; 0 = none).</summary>
internal sealed class Holds
{
    internal Holds(long cooldownUntil, long usedUpUntil)
    {
        CooldownUntil = cooldownUntil;
        UsedUpUntil = usedUpUntil;
    }

    internal long CooldownUntil { get; }

    internal long UsedUpUntil { get; }
}

/// <summary>One request's place in a key's budget; completing it (or disposing it unanswered) frees it.</summary>
internal sealed class SendSlot : IDisposable
{
    private readonly KeyRateLimiter _limiter;
    private int _completed;

    /// <param name="limiter">The limiter that handed the slot out.</param>
    /// <param name="sentAt">When (monotonic timestamp).</param>
    /// <param name="replacesHolds">For Connect-Trackyard's check: the blocks its answer replaces; else null.</param>
    internal SendSlot(KeyRateLimiter limiter, long sentAt, Holds? replacesHolds)
    {
        _limiter = limiter;
        SentAt = sentAt;
        ReplacesHolds = replacesHolds;
    }

    /// <summary>The monotonic timestamp the slot was handed out (the request is sent right after).</summary>
    internal long SentAt { get; }

    /// <summary>Whether the answer replaces what the limiter believed (Connect-Trackyard's check), rather than adding to it.</summary>
    internal bool Authoritative => ReplacesHolds != null;

    /// <summary>For Connect-Trackyard's check: the blocks the limiter believed in when it was sent, which its answer replaces.</summary>
    internal Holds? ReplacesHolds { get; }

    /// <summary>Records the answer's status and rate-limit headers.</summary>
    internal void Complete(int status, RateLimitSnapshot? snapshot, TimeSpan? retryAfter)
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _limiter.Complete(this, status, snapshot, retryAfter);
        }
    }

    /// <summary>Frees the slot without an answer (the request failed or was cancelled).</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _completed, 1) == 0)
        {
            _limiter.Complete(this, null, null, null);
        }
    }
}
