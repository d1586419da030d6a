namespace Trackyard;

/// <summary>
/// Plans the pages of an offset/limit listing: without -First one page of the endpoint's default size; with
/// -First N pages of up to the endpoint's largest size until N items arrived, a page came back short (the API's
/// end-of-results signal), or the listing's total, when the endpoint reports one, is reached.
/// </summary>
internal abstract class OffsetPager
{
    private readonly ulong? _first;
    private readonly long _skip;
    private readonly int _defaultLimit;
    private readonly int _maxLimit;
    private long? _total;
    private bool _done;

    /// <param name="first">How many items at most; null = one page of <paramref name="defaultLimit"/>.</param>
    /// <param name="skip">-Skip (already checked to fit the API's offset).</param>
    /// <param name="defaultLimit">The page size when <paramref name="first"/> is not given.</param>
    /// <param name="maxLimit">The endpoint's largest page.</param>
    protected OffsetPager(ulong? first, long skip, int defaultLimit, int maxLimit)
    {
        _first = first;
        _skip = skip;
        _defaultLimit = defaultLimit;
        _maxLimit = maxLimit;
        _done = first == 0;
    }

    /// <summary>How many pages have been planned so far.</summary>
    internal int PageNumber { get; private set; }

    /// <summary>Items delivered so far.</summary>
    internal long Delivered { get; private set; }

    /// <summary>How many items this listing will deliver at most, once a total is known.</summary>
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
            limit = remaining < (ulong)_maxLimit ? (int)remaining : _maxLimit;
        }
        else
        {
            limit = _defaultLimit;
        }

        offset = (int)nextOffset;
        PageNumber++;
        return true;
    }

    /// <summary>Records a page; returns how many of its items to keep (a server may send too many).</summary>
    /// <param name="requested">The page's limit.</param>
    /// <param name="received">How many items came back.</param>
    /// <param name="totalCount">The listing's total, when the endpoint reports one.</param>
    internal int Record(int requested, int received, long? totalCount = null)
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
