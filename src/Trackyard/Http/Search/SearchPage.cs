using System.Collections.Generic;

namespace Trackyard;

/// <summary>One page of search results, as Trackyard answered it or as the connection's search cache kept it.</summary>
internal sealed class SearchPage
{
    internal SearchPage(IReadOnlyList<Track> tracks, long? creditsRemaining, bool fromCache = false)
    {
        Tracks = tracks;
        CreditsRemaining = creditsRemaining;
        FromCache = fromCache;
    }

    internal IReadOnlyList<Track> Tracks { get; }

    /// <summary>The body's credits_remaining: the credits left when the page was answered.</summary>
    internal long? CreditsRemaining { get; }

    /// <summary>Whether the page came from the cache (no request, no credit).</summary>
    internal bool FromCache { get; }
}

/// <summary>The pages of one search: without -First exactly one page of 20; with -First N pages of up to 100.</summary>
internal sealed class SearchPager : OffsetPager
{
    /// <param name="first">-First, or null when not given.</param>
    /// <param name="skip">-Skip (already checked to fit the API's offset).</param>
    internal SearchPager(ulong? first, long skip)
        : base(first, skip, SearchRequest.DefaultLimit, SearchRequest.MaxLimit)
    {
    }
}
