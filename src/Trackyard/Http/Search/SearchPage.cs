using System.Collections.Generic;

namespace Trackyard;

/// <summary>One page of search results.</summary>
internal sealed class SearchPage
{
    internal SearchPage(IReadOnlyList<Track> tracks, long? creditsRemaining)
    {
        Tracks = tracks;
        CreditsRemaining = creditsRemaining;
    }

    internal IReadOnlyList<Track> Tracks { get; }

    internal long? CreditsRemaining { get; }
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
