using System.Collections.Generic;

namespace Trackyard;

/// <summary>One page of usage and the total the service reported (null when it did not).</summary>
internal sealed class UsagePage
{
    internal UsagePage(IReadOnlyList<UsageRecord> records, long? totalCount)
    {
        Records = records;
        TotalCount = totalCount;
    }

    internal IReadOnlyList<UsageRecord> Records { get; }

    internal long? TotalCount { get; }
}

/// <summary>
/// The pages of GET /usage: without a limit one page of 50 (the API default); with -First N (or -All) pages of up
/// to 100 until N records arrived, a page came back short, or total_count is reached.
/// </summary>
internal sealed class UsagePager : OffsetPager
{
    /// <summary>The API's largest page.</summary>
    internal const int MaxLimit = 100;

    /// <summary>The API's default page.</summary>
    internal const int DefaultLimit = 50;

    /// <param name="first">How many records at most; null = one default page.</param>
    /// <param name="skip">-Skip (already checked to fit the API's offset).</param>
    /// <param name="all">Every record from <paramref name="skip"/> on.</param>
    internal UsagePager(ulong? first, long skip, bool all)
        : base(all ? ulong.MaxValue : first, skip, DefaultLimit, MaxLimit)
    {
        Unbounded = all || first > DefaultLimit;
    }

    /// <summary>Whether more than one page may be read (a progress bar is worth showing).</summary>
    internal bool Unbounded { get; }
}
