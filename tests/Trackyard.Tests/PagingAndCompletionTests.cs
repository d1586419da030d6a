using System.Management.Automation;

namespace Trackyard.Tests;

public class PagingAndCompletionTests
{
    /// <summary>Runs the pager against a catalog of <paramref name="available"/> results; returns (offset, limit) per page.</summary>
    private static List<(int Offset, int Limit)> Pages(ulong? first, long skip, int available)
    {
        var pager = new SearchPager(first, skip);
        var pages = new List<(int, int)>();
        while (pager.TryNextPage(out var offset, out var limit))
        {
            pages.Add((offset, limit));
            var received = Math.Max(0, Math.Min(limit, available - offset));
            pager.Record(limit, received);
            Assert.True(pages.Count < 100, "pager does not stop");
        }

        return pages;
    }

    [Fact]
    public void Without_First_exactly_one_page_of_20()
    {
        Assert.Equal(new[] { (0, 20) }, Pages(null, 0, 1000));
    }

    [Fact]
    public void Skip_becomes_the_offset()
    {
        Assert.Equal(new[] { (40, 20) }, Pages(null, 40, 1000));
    }

    [Fact]
    public void First_250_takes_pages_of_100_100_50()
    {
        Assert.Equal(new[] { (0, 100), (100, 100), (200, 50) }, Pages(250, 0, 1000));
    }

    [Fact]
    public void First_with_skip_offsets_from_the_skip()
    {
        Assert.Equal(new[] { (10, 100), (110, 20) }, Pages(120, 10, 1000));
    }

    [Fact]
    public void Short_page_ends_the_search()
    {
        Assert.Equal(new[] { (0, 100), (100, 100) }, Pages(500, 0, 130));
    }

    [Fact]
    public void First_5_is_one_small_page_and_First_0_is_none()
    {
        Assert.Equal(new[] { (0, 5) }, Pages(5, 0, 1000));
        Assert.Empty(Pages(0, 0, 1000));
    }

    [Fact]
    public void Extra_tracks_from_the_server_are_not_counted()
    {
        var pager = new SearchPager(3, 0);
        Assert.True(pager.TryNextPage(out _, out var limit));

        Assert.Equal(3, pager.Record(limit, 10));
        Assert.False(pager.TryNextPage(out _, out _));
    }

    [Fact]
    public void Completers_offer_every_known_value()
    {
        Assert.Equal(35, KnownValues.Genres.Length);
        Assert.Contains("Brass & Marching Band", KnownValues.Genres);
        Assert.Contains("Uplifting", KnownValues.Moods);
        Assert.Contains("ukulele", KnownValues.Instruments);
    }

    [Theory]
    [InlineData("hip", "'Hip Hop'")]
    [InlineData("'R&", "'R&B'")]
    [InlineData("Childr", "'Children''s Music'")]
    [InlineData("Singer", "Singer-Songwriter")]
    [InlineData("jaz", "Jazz")]
    public void Genre_completion_quotes_when_needed(string typed, string expected)
    {
        var results = new GenreCompleter().CompleteArgument("Search-TrackyardTrack", "Genre", typed, null!, new System.Collections.Hashtable()).ToList();

        var result = Assert.Single(results);
        Assert.Equal(expected, result.CompletionText);
        Assert.Equal(CompletionResultType.ParameterValue, result.ResultType);
    }

    [Fact]
    public void Documented_moods_and_instruments_come_first_and_added_ones_say_they_are_not_documented()
    {
        var moods = new MoodCompleter().CompleteArgument("c", "Mood", string.Empty, null!, new System.Collections.Hashtable()).ToList();
        Assert.Equal(KnownValues.DocumentedMoods, moods.Take(KnownValues.DocumentedMoods.Length).Select(r => r.CompletionText));
        Assert.Equal(KnownValues.AddedMoods, moods.Skip(KnownValues.DocumentedMoods.Length).Select(r => r.CompletionText));
        Assert.All(moods.Take(KnownValues.DocumentedMoods.Length), r => Assert.Equal(r.CompletionText, r.ToolTip));
        Assert.All(moods.Skip(KnownValues.DocumentedMoods.Length), r => Assert.EndsWith(KnownValueCompleter.NotDocumented, r.ToolTip));
        Assert.Empty(KnownValues.DocumentedMoods.Intersect(KnownValues.AddedMoods));

        // "s": the documented synthesizer and strings before the added saxophone.
        var instruments = new InstrumentCompleter().CompleteArgument("c", "Instrument", "s", null!, new System.Collections.Hashtable()).Select(r => r.CompletionText);
        Assert.Equal(new[] { "synthesizer", "strings", "saxophone" }, instruments);
        Assert.All(new GenreCompleter().CompleteArgument("c", "Genre", string.Empty, null!, new System.Collections.Hashtable()), r => Assert.Equal(r.ListItemText, r.ToolTip));
    }

    [Fact]
    public void Completion_with_nothing_typed_lists_everything()
    {
        Assert.Equal(KnownValues.Moods.Length, new MoodCompleter().CompleteArgument("c", "Mood", string.Empty, null!, new System.Collections.Hashtable()).Count());
        Assert.Equal(new[] { "piano", "percussion" }, new InstrumentCompleter().CompleteArgument("c", "Instrument", "p", null!, new System.Collections.Hashtable()).Select(r => r.CompletionText));
    }
}
