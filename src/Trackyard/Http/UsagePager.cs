namespace Trackyard;

/// <summary>
/// Plans the pages of GET /usage: without a limit one page of 50 (the API default); with -First N (or -All)
/// pages of up to 100 until N records arrived, a page came back short, or total_count is reached.
/// </summary>
internal sealed class UsagePager
{
    /// <summary>The API's largest page.</summary>
    internal const int MaxLimit = 100;

    /// <summary>The API's default page.</summary>
    internal const int DefaultLimit = 50;

    private readonly ulong? _first;
    private readonly long _skip;
    private long? _total;
    private bool _done;

    /// <param name="first">How many records at most; null = one default page.</param>
    /// <param name="skip">-Skip (already checked to fit the API's offset).</param>
    /// <param name="all">Every record from <paramref name="skip"/> on.</param>
    internal UsagePager(ulong? first, long skip, bool all)
    {
        _first = all ? ulong.MaxValue : first;
        _skip = skip;
        _done = _first == 0;
        Unbounded = all || first > DefaultLimit;
    }

    /// <summary>Records delivered so far.</summary>
    internal long Delivered { get; private set; }

    /// <summary>Whether more than one page may be read (a progress bar is worth showing).</summary>
    internal bool Unbounded { get; }

    /// <summary>How many records this listing will deliver at most, once total_count is known.</summary>
    internal long? Expected
    {
        get
        {
            if (_total is not long total)
            {
                return null;
            }

            var available = total > _skip ? total - _skip : 0;
            return _first is ulong first && first < (ulong)available ? (long)first : available;
        }
    }

    /// <summary>The next page to request, or false when the listing is complete.</summary>
    internal bool TryNextPage(out int offset, out int limit)
    {
        offset = 0;
        limit = 0;
        var nextOffset = _skip + Delivered;
        if (_done || nextOffset > int.MaxValue || (_total is long total && nextOffset >= total))
        {
            return false;
        }

        if (_first is ulong first)
        {
            var remaining = first - (ulong)Delivered;
            limit = remaining < MaxLimit ? (int)remaining : MaxLimit;
        }
        else
        {
            limit = DefaultLimit;
        }

        offset = (int)nextOffset;
        return true;
    }

    /// <summary>Records a page; returns how many of its records to keep (a server may send too many).</summary>
    internal int Record(int requested, int received, long? totalCount)
    {
        _total = totalCount ?? _total;
        var kept = received > requested ? requested : received;
        Delivered += kept;
        if (_first is null || kept < requested || (ulong)Delivered >= _first)
        {
            _done = true;
        }

        return kept;
    }
}
