namespace Trackyard;

/// <summary>
/// Plans the pages of one search: without -First exactly one page of 20; with -First N pages of up to 100
/// until N tracks arrived or a page came back short (the API's only end-of-results signal).
/// </summary>
internal sealed class SearchPager
{
    private readonly ulong? _first;
    private readonly long _skip;
    private long _delivered;
    private bool _done;

    /// <param name="first">-First, or null when not given.</param>
    /// <param name="skip">-Skip (already checked to fit the API's offset).</param>
    internal SearchPager(ulong? first, long skip)
    {
        _first = first;
        _skip = skip;
        _done = first == 0;
    }

    /// <summary>How many pages have been planned so far.</summary>
    internal int PageNumber { get; private set; }

    /// <summary>The next page to request, or false when the search is complete.</summary>
    internal bool TryNextPage(out int offset, out int limit)
    {
        offset = 0;
        limit = 0;
        var nextOffset = _skip + _delivered;
        if (_done || nextOffset > int.MaxValue)
        {
            return false;
        }

        if (_first is ulong first)
        {
            var remaining = first - (ulong)_delivered;
            limit = remaining < SearchRequest.MaxLimit ? (int)remaining : SearchRequest.MaxLimit;
        }
        else
        {
            limit = SearchRequest.DefaultLimit;
        }

        offset = (int)nextOffset;
        PageNumber++;
        return true;
    }

    /// <summary>Records a page's size; returns how many of its tracks to keep (a server may send too many).</summary>
    internal int Record(int requested, int received)
    {
        var kept = received > requested ? requested : received;
        _delivered += kept;
        if (_first is null || kept < requested || (ulong)_delivered >= _first)
        {
            _done = true;
        }

        return kept;
    }
}
