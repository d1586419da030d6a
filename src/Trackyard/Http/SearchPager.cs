namespace Trackyard;

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
