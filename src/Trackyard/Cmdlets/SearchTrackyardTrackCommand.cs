using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Search-TrackyardTrack: natural-language search with filters, one credit per page, or none for a page the
/// connection's search cache holds.
/// Users read its help from docs/help/Search-TrackyardTrack.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommon.Search, "TrackyardTrack", SupportsPaging = true, HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Search-TrackyardTrack.md")]
[OutputType(typeof(Track))]
public sealed class SearchTrackyardTrackCommand : TrackyardApiCmdlet
{
    private SearchRequest _filters = new();
    private int _pagesAnswered;
    private int _pagesFromCache;

    /// <summary>What to look for, e.g. "moody piano for a rainy scene". One search per string.</summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [ValidateNotNullOrEmpty]
    public string[] Query { get; set; } = System.Array.Empty<string>();

    /// <summary>Parent genres; a track matches if it has any of them.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(GenreCompleter))]
    public string[]? Genre { get; set; }

    /// <summary>Moods; a track matches if it has any of them.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(MoodCompleter))]
    public string[]? Mood { get; set; }

    /// <summary>Instruments, e.g. piano, guitar, synthesizer.</summary>
    [Parameter]
    [ArgumentCompleter(typeof(InstrumentCompleter))]
    public string[]? Instrument { get; set; }

    /// <summary>Energy level: low, medium or high.</summary>
    [Parameter]
    [ValidateSet("low", "medium", "high")]
    public string? EnergyLevel { get; set; }

    /// <summary>Lowest BPM (40–200).</summary>
    [Parameter]
    [ValidateRange(40.0, 200.0)]
    public double? MinBpm { get; set; }

    /// <summary>Highest BPM (40–200).</summary>
    [Parameter]
    [ValidateRange(40.0, 200.0)]
    public double? MaxBpm { get; set; }

    /// <summary>Only instrumental tracks (cannot be combined with -WithVocals).</summary>
    [Parameter]
    public SwitchParameter Instrumental { get; set; }

    /// <summary>Only tracks with vocals (cannot be combined with -Instrumental).</summary>
    [Parameter]
    public SwitchParameter WithVocals { get; set; }

    /// <summary>Ask Trackyard even when the connection's search cache holds the page (1 credit), and cache the new answer.</summary>
    [Parameter]
    public SwitchParameter NoCache { get; set; }

    /// <summary>Checks the filters and the connection before any request.</summary>
    protected override void BeginProcessing()
    {
        if (Instrumental && WithVocals)
        {
            ThrowInvalidInput("Use either -Instrumental or -WithVocals, not both.");
        }

        if (MinBpm > MaxBpm)
        {
            ThrowInvalidInput($"-MinBpm ({MinBpm}) is greater than -MaxBpm ({MaxBpm}).");
        }

        if (PagingParameters.Skip > int.MaxValue)
        {
            ThrowInvalidInput($"-Skip must be at most {int.MaxValue}.");
        }

        _filters = new SearchRequest
        {
            Genres = Genre,
            Moods = Mood,
            Instruments = Instrument,
            EnergyLevel = EnergyLevel,
            MinBpm = MinBpm,
            MaxBpm = MaxBpm,
            HasVocals = WithVocals ? true : Instrumental ? false : null,
        };
        _ = UsedConnection;
    }

    /// <summary>Runs one search per query, page by page, writing tracks as they arrive.</summary>
    protected override void ProcessRecord()
    {
        foreach (var query in Query)
        {
            if (string.IsNullOrWhiteSpace(query))
            {
                WriteApiError(new TrackyardApiException(TrackyardFailureKind.InvalidInput, "The query is blank; give words to search for."), query);
                continue;
            }

            Search(query.Trim());
        }
    }

    /// <summary>Writes the (unknown) total count when -IncludeTotalCount is given, and what the search cost.</summary>
    protected override void EndProcessing()
    {
        if (PagingParameters.IncludeTotalCount)
        {
            // The API does not report a total; accuracy 0 prints "Unknown total count".
            WriteObject(PagingParameters.NewTotalCount(0, 0.0));
        }

        var pages = _pagesAnswered + _pagesFromCache;
        WriteCostLine($"Search done: {pages} {(pages == 1 ? "page" : "pages")} ({_pagesFromCache} from the cache)");
    }

    private void Search(string query)
    {
        var first = MyInvocation.BoundParameters.ContainsKey("First") ? PagingParameters.First : (ulong?)null;
        var pager = new SearchPager(first, (long)PagingParameters.Skip);
        while (pager.TryNextPage(out var offset, out var limit))
        {
            if (VerboseOn)
            {
                WriteVerbose($"Requesting page {pager.PageNumber} (offset {offset}, limit {limit}) for {DisplayText.Quote(query)}");
            }

            var request = _filters.ForPage(query, offset, limit);
            var refresh = NoCache.IsPresent;
            if (Call(query, (client, call, token) => client.SearchAsync(request, call, token, refresh)) is not SearchPage page)
            {
                return;
            }

            if (page.FromCache)
            {
                _pagesFromCache++;
            }
            else
            {
                _pagesAnswered++;
            }

            var kept = pager.Record(limit, page.Tracks.Count);
            for (var i = 0; i < kept; i++)
            {
                WriteObject(page.Tracks[i]);
            }

            if (VerboseOn && !page.FromCache && page.CreditsRemaining is long credits)
            {
                WriteVerbose($"Credits remaining: {credits}");
            }
        }
    }
}
