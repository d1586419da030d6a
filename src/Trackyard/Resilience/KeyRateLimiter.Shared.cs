using System;
using System.Diagnostics;
using System.Security.Cryptography;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// The limiter's exchange with the key's state file (<see cref="KeyStateFile"/>), so that the processes of one user on
/// one machine (separate pwsh sessions, Start-Job, scheduled runbooks) pace together like the runspaces of one process.
/// Before a slot is handed out the limiter merges what the file says into its own view (the later cooldown and
/// used-up window win; of two counts the newer one, or the lower when the server may have made them in either order),
/// and after an answer it writes back what it learnt.
/// <para>
/// Requests in flight in other processes cannot be known exactly. Each limiter writes how many of its requests are on
/// their way, as a lease that ends at the latest <see cref="LeaseTime"/> after it last wrote it; the others count them
/// against what is left. A lease of a process that has ended is dropped at once; one that outlives a very slow request
/// (beyond the lease) only lets another process send one request early, which at worst earns it a 429 and its
/// Retry-After, shared again through the file. A caller held back only by other processes' requests looks at the file
/// again every <see cref="LookAgain"/>, since no signal crosses processes.
/// </para>
/// <para>
/// The cost is one short locked read-modify-write of a small file per send and per answer (25–35 µs each on Linux
/// ext4, measured on a busy 2-core machine; a call through the cmdlets costs about 500 µs on loopback). It is paid
/// only where it matters: while the count is unknown or low (at most <see cref="PlentyLeft"/> requests left beyond
/// those in flight), when the call is about to wait for the window anyway, and for news (a 429, a used-up window,
/// the user's check of the key). With plenty left, or when the server sends no counts, a send costs one stat of the
/// file (about 6 µs) to notice what another process wrote, and an answer costs nothing: processes seldom run more
/// than <see cref="PlentyLeft"/> requests at once on one key together, so none uses up the rest unseen, and if they
/// do, the first 429 and its Retry-After reach the others through the file.
/// </para>
/// </summary>
internal sealed partial class KeyRateLimiter
{
    /// <summary>Requests left (beyond those in flight) above which sends and answers are not written to the file.</summary>
    internal const long PlentyLeft = 32;

    /// <summary>How long at most another process counts one of this process's requests as in flight.</summary>
    internal static readonly TimeSpan LeaseTime = TimeSpan.FromMinutes(2);

    /// <summary>Two holds this close are one (well inside the margin added to every wait the server asks for).</summary>
    internal static readonly TimeSpan SameMoment = TimeSpan.FromMilliseconds(50);

    /// <summary>How often a caller held back by another process's requests in flight looks at the file again.</summary>
    internal static readonly TimeSpan LookAgain = TimeSpan.FromMilliseconds(50);

    private static readonly int CurrentProcessId = GetCurrentProcessId();

    private readonly KeyStateFile? _file;
    private readonly string _owner = NewOwnerId();
    private int _othersInFlight;
    private bool _leased;

    /// <summary>
    /// Whether each send and answer must be told to the other processes: while the count is unknown (one request at a
    /// time across all of them) or low. Not when the server sends no counts: then only 429s are news.
    /// </summary>
    private bool TellsEveryRequest => _file != null && _knowledge switch
    {
        Knowledge.Known => _remaining - _inFlight - _othersInFlight <= PlentyLeft,
        Knowledge.Unknown => true,
        _ => false,
    };

    /// <summary>
    /// Locks the state file and merges it into this view when <paramref name="always"/> or when another process may
    /// have written it since our last look. Null when there is no file or it is not looked at (or cannot be used now).
    /// </summary>
    private KeyStateFile.Session? OpenShared(long now, bool always)
    {
        if (_file is null || (!always && !_file.MayHaveChanged()))
        {
            return null;
        }

        var session = _file.Open(remember: !always);
        if (session != null)
        {
            var utc = _time.GetUtcNow();
            Merge(session.Read(utc + _options.DayWindow + TimeSpan.FromMinutes(1)), now, utc);
        }

        return session;
    }

    /// <summary>Whether an answer tells the other processes something they must know.</summary>
    private bool IsNews(SendSlot slot, int status, RateLimitSnapshot? snapshot) =>
        _file != null && (status == 429 || slot.Authoritative || Min(snapshot?.Remaining, snapshot?.RemainingDaily) <= PlentyLeft || TellsEveryRequest);

    /// <summary>Takes in what the other processes wrote: their holds, their count, their requests in flight.</summary>
    private void Merge(SharedKeyState state, long now, DateTimeOffset utc)
    {
        if (state.CooldownUntil is { } cooldown && IsLater(Local(cooldown, now, utc), _cooldownUntil))
        {
            _cooldownUntil = Local(cooldown, now, utc);
        }

        if (state.UsedUpUntil is { } usedUp && IsLater(Local(usedUp, now, utc), _usedUpUntil))
        {
            _usedUpUntil = Local(usedUp, now, utc);
            _usedUpReason = state.UsedUpReason;
        }

        // A count from before the longest window says nothing any more: it is stale, not merged.
        if (state.Count is { } count && count.ArrivedAt > utc - _options.DayWindow)
        {
            TakeCount(count.Remaining, Local(count.SentAt, now, utc), Local(count.ArrivedAt, now, utc));
        }

        // Left in the state: the other processes' leases that still count, which Publish writes back.
        state.Leases.RemoveAll(lease => lease.Owner == _owner || lease.Until <= utc || !IsRunning(lease.ProcessId));
        var others = 0;
        foreach (var lease in state.Leases)
        {
            others += lease.InFlight;
        }

        _othersInFlight = others;
    }

    /// <summary>
    /// Writes this view back: it holds the file's as merged, so the later holds and the newer count win, or, after the
    /// user's check of the key, what that answer said replaces them. Keeps the other processes' live leases and
    /// replaces this limiter's own with its requests in flight now.
    /// </summary>
    private void Publish(KeyStateFile.Session shared, long now)
    {
        var utc = _time.GetUtcNow();
        var state = new SharedKeyState
        {
            CooldownUntil = _cooldownUntil > now ? Utc(_cooldownUntil, now, utc) : null,
            UsedUpUntil = _usedUpUntil > now ? Utc(_usedUpUntil, now, utc) : null,
            UsedUpReason = _usedUpReason,
            Count = _knowledge == Knowledge.Known ? new SharedCount(_remaining, Utc(_countSentAt, now, utc), Utc(_countArrivedAt, now, utc)) : null,
        };
        var others = shared.State.Leases;
        state.Leases.AddRange(others.Count < SharedKeyState.MaxLeases ? others : others.GetRange(0, SharedKeyState.MaxLeases - 1));
        if (_inFlight > 0)
        {
            state.Leases.Add(new SendLease(_owner, CurrentProcessId, _inFlight, utc + LeaseTime));
        }

        shared.Write(state);
        _leased = _inFlight > 0;
    }

    /// <summary>Completes when this process hears an answer, or when it is time to look at the file again.</summary>
    private Task ChangedOrLookAgain()
    {
#if NET8_0_OR_GREATER
        var lookAgain = Task.Delay(LookAgain, _time);
#else
        var lookAgain = _time.Delay(LookAgain);
#endif
        return Task.WhenAny(_changed.Task, lookAgain);
    }

    /// <summary>
    /// Whether a time read from the file is later than ours by more than <see cref="SameMoment"/>. Converting between
    /// the wall clock and the monotonic one moves a time by a little (rounding, and the wall clock's slewing), so this
    /// process's own hold read back must not count as a new one: that would start a second wait of a few milliseconds.
    /// </summary>
    private bool IsLater(long theirs, long ours) => theirs > ours + Ticks(SameMoment);

    private long Local(DateTimeOffset time, long now, DateTimeOffset utc) => now + Ticks(time - utc);

    private DateTimeOffset Utc(long timestamp, long now, DateTimeOffset utc) =>
        utc + TimeSpan.FromTicks((long)((timestamp - now) * ((double)TimeSpan.TicksPerSecond / _time.TimestampFrequency)));

    /// <summary>Whether the process that wrote a lease still runs (its lease means nothing once it has ended).</summary>
    private static bool IsRunning(int processId)
    {
        if (processId == CurrentProcessId)
        {
            return true;
        }

        try
        {
            using var process = Process.GetProcessById(processId);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or InvalidOperationException)
        {
            return false;
        }
    }

    private static int GetCurrentProcessId()
    {
        using var process = Process.GetCurrentProcess();
        return process.Id;
    }

    private static string NewOwnerId()
    {
        var bytes = new byte[8];
        using (var random = RandomNumberGenerator.Create())
        {
            random.GetBytes(bytes);
        }

        return BitConverter.ToString(bytes).Replace("-", string.Empty).ToLowerInvariant();
    }
}
