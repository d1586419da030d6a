namespace Trackyard.Tests;

/// <summary>How the module writes rate limits and sizes for people to read.</summary>
public class DisplayTextTests
{
    [Fact]
    public void A_rate_limit_snapshot_reads_remaining_over_limit()
    {
        var snapshot = new RateLimitSnapshot { Limit = 10, Remaining = 4, LimitDaily = 500, RemainingDaily = 494, CreditsRemaining = 298 };

        Assert.Equal("4/10 per minute, 494/500 per day, credits 298", snapshot.ToString());
    }

    [Fact]
    public void Limits_the_service_leaves_out_read_unlimited()
    {
        var pro = new RateLimitSnapshot { Limit = 300, Remaining = 297, CreditsRemaining = 50_000 };
        var minuteOnly = new RateLimitSnapshot { Limit = 5, Remaining = 0 };

        Assert.Equal("297/300 per minute, unlimited per day, credits 50000", pro.ToString());
        Assert.Equal("0/5 per minute, unlimited per day, credits unlimited", minuteOnly.ToString());
    }

    [Fact]
    public void A_limit_with_only_one_of_its_headers_shows_the_missing_one_as_unknown()
    {
        var snapshot = new RateLimitSnapshot { Limit = 10, RemainingDaily = 7, CreditsRemaining = 0 };

        Assert.Equal("?/10 per minute, 7/? per day, credits 0", snapshot.ToString());
    }

    [Theory]
    [InlineData(0L, "0 KB")]
    [InlineData(20_480L, "20 KB")]
    [InlineData(999_499L, "999 KB")]
    [InlineData(999_500L, "1.0 MB")]
    [InlineData(16L * 1024 * 1024, "16.8 MB")]
    [InlineData(57_600_208L, "57.6 MB")]
    [InlineData(999_960_000L, "1.00 GB")]
    [InlineData(1_250_000_000L, "1.25 GB")]
    public void Sizes_are_printed_in_decimal_units(long bytes, string expected)
    {
        Assert.Equal(expected, ByteSize.Format(bytes));
    }

    [Fact]
    public void The_progress_bar_of_the_one_hour_track_says_what_the_readme_says()
    {
        var progress = new DownloadProgress(1, "Downloading", 57_600_208);

        var last = progress.Next(57_600_208);

        Assert.Equal("57.6 MB of 57.6 MB", last!.StatusDescription);
    }
}
