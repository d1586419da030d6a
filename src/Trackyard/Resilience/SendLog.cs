using System.Collections.Generic;

namespace Trackyard;

/// <summary>
/// When this process sent the requests of one key that the server counted (answered other than 429), oldest
/// first. Used to tell when a window frees up when the server does not say. Not thread-safe: the limiter locks.
/// </summary>
internal sealed class SendLog
{
    /// <summary>Enough for any published limit per minute; dropping the oldest only makes estimates later, never earlier.</summary>
    internal const int Capacity = 10_000;

    private readonly List<long> _sentAt = new();
    private readonly long _keepTicks;

    /// <param name="keep">How long entries are kept (the longest window, in timestamp ticks).</param>
    internal SendLog(long keep) => _keepTicks = keep;

    internal void Add(long sentAt, long now)
    {
        // Answers arrive out of order; keep the list sorted (nearly always an append).
        var index = _sentAt.BinarySearch(sentAt);
        _sentAt.Insert(index < 0 ? ~index : index, sentAt);
        var expired = 0;
        while (expired < _sentAt.Count && (_sentAt[expired] <= now - _keepTicks || _sentAt.Count - expired > Capacity))
        {
            expired++;
        }

        _sentAt.RemoveRange(0, expired);
    }

    /// <summary>The oldest send within the last <paramref name="window"/> ticks, or null when there is none.</summary>
    internal long? OldestWithin(long window, long now)
    {
        var index = _sentAt.BinarySearch(now - window + 1);
        index = index < 0 ? ~index : index;
        return index < _sentAt.Count ? _sentAt[index] : null;
    }
}
