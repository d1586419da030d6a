namespace Trackyard.Emulator;

/// <summary>The live state of one key: credits, rate windows, usage history. Every member locks the account, so counters stay exact under concurrency.</summary>
public sealed class ApiKeyAccount
{
    public const int UsageCapacity = 100_000;

    private readonly object _gate = new();
    private readonly SlidingWindow? _minute;
    private readonly SlidingWindow? _day;
    private readonly List<UsageRecord> _usage = [];
    private long? _credits;
    private DateTimeOffset? _lastUsedAt;

    public ApiKeyAccount(KeyDefinition definition, TimeSpan minute, TimeSpan day, DateTimeOffset createdAt)
    {
        Definition = definition;
        CreatedAt = createdAt;
        _credits = definition.Credits;
        _minute = definition.PerMinute is { } perMinute ? new SlidingWindow(perMinute, minute) : null;
        _day = definition.PerDay is { } perDay ? new SlidingWindow(perDay, day) : null;
    }

    public KeyDefinition Definition { get; }

    public DateTimeOffset CreatedAt { get; }

    public bool HasScope(string scope) => Definition.Scopes.Contains(scope);

    /// <summary>
    /// Counts the request against both windows if both have room. Otherwise returns the whole seconds (rounded up)
    /// until both have room: a client that waits that long is accepted.
    /// </summary>
    public bool TryAcquire(TimeSpan now, out long retryAfterSeconds)
    {
        lock (_gate)
        {
            _minute?.Prune(now);
            _day?.Prune(now);
            var wait = Max(_minute?.WaitForSlot(now) ?? TimeSpan.Zero, _day?.WaitForSlot(now) ?? TimeSpan.Zero);
            if (wait > TimeSpan.Zero)
            {
                retryAfterSeconds = Math.Max(1, CeilingSeconds(wait));
                return false;
            }

            _minute?.Add(now);
            _day?.Add(now);
            retryAfterSeconds = 0;
            return true;
        }
    }

    /// <summary>Takes one credit if there is one. <paramref name="remaining"/> is null for unlimited credits.</summary>
    public bool TryCharge(out long? remaining)
    {
        lock (_gate)
        {
            if (_credits is 0)
            {
                remaining = 0;
                return false;
            }

            _credits--;
            remaining = _credits;
            return true;
        }
    }

    /// <summary>Records a call and returns the time of the call before it (null for the first).</summary>
    public DateTimeOffset? MarkUsed(DateTimeOffset now)
    {
        lock (_gate)
        {
            var previous = _lastUsedAt;
            _lastUsedAt = now;
            return previous;
        }
    }

    public RateSnapshot Snapshot(TimeSpan now)
    {
        lock (_gate)
        {
            _minute?.Prune(now);
            _day?.Prune(now);
            return new RateSnapshot(
                _minute?.Limit,
                _minute?.Remaining,
                _day?.Limit,
                _day?.Remaining,
                _credits,
                _minute is null ? null : CeilingSeconds(_minute.UntilOldestExpires(now)));
        }
    }

    public void AddUsage(UsageRecord record)
    {
        lock (_gate)
        {
            if (_usage.Count >= UsageCapacity)
            {
                _usage.RemoveAt(0);
            }

            _usage.Add(record);
        }
    }

    /// <summary>A page of usage, newest first, and the total number of records.</summary>
    public (List<UsageRecord> Page, int Total) Usage(int offset, int limit)
    {
        lock (_gate)
        {
            var page = new List<UsageRecord>(Math.Min(limit, _usage.Count));
            for (var i = _usage.Count - 1 - offset; i >= 0 && page.Count < limit; i--)
            {
                page.Add(_usage[i]);
            }

            return (page, _usage.Count);
        }
    }

    private static long CeilingSeconds(TimeSpan span) =>
        span <= TimeSpan.Zero ? 0 : (span.Ticks + TimeSpan.TicksPerSecond - 1) / TimeSpan.TicksPerSecond;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}

/// <summary>The numbers behind the rate-limit headers; null = unlimited (header omitted).</summary>
public sealed record RateSnapshot(int? MinuteLimit, int? MinuteRemaining, int? DayLimit, int? DayRemaining, long? Credits, long? MinuteResetSeconds);
