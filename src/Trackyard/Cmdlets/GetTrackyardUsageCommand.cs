using System;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Get-TrackyardUsage: the key's call history from the free GET /usage, page by page.
/// Users read its help from docs/help/Get-TrackyardUsage.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrackyardUsage", SupportsPaging = true, HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Get-TrackyardUsage.md")]
[OutputType(typeof(UsageRecord))]
public sealed class GetTrackyardUsageCommand : TrackyardApiCmdlet
{
    private const int ProgressActivityId = 0x7D5B;

    /// <summary>Read the whole history (usage is free), page by page.</summary>
    [Parameter]
    public SwitchParameter All { get; set; }

    /// <summary>Reads the pages and writes the records as each page arrives.</summary>
    protected override void ProcessRecord()
    {
        var firstGiven = MyInvocation.BoundParameters.ContainsKey("First");
        if (All && firstGiven)
        {
            ThrowInvalidInput("Use either -All or -First, not both.");
        }

        if (PagingParameters.Skip > int.MaxValue)
        {
            ThrowInvalidInput($"-Skip must be at most {int.MaxValue}.");
        }

        var pager = new UsagePager(firstGiven ? PagingParameters.First : null, (long)PagingParameters.Skip, All);
        var countWritten = false;
        if (PagingParameters.IncludeTotalCount && firstGiven && PagingParameters.First == 0)
        {
            // No records wanted, only the count: the smallest page the API serves.
            WriteTotalCount(Read((int)PagingParameters.Skip, 1)?.TotalCount);
            return;
        }

        var progress = new ProgressRecord(ProgressActivityId, "Reading Trackyard usage", "Starting");
        while (pager.TryNextPage(out var offset, out var limit))
        {
            WriteVerbose($"Requesting usage records {offset + 1}–{offset + limit} (free)");
            if (Read(offset, limit) is not UsagePage page)
            {
                break;
            }

            if (PagingParameters.IncludeTotalCount && !countWritten)
            {
                WriteTotalCount(page.TotalCount);
                countWritten = true;
            }

            var kept = pager.Record(limit, page.Records.Count, page.TotalCount);
            for (var i = 0; i < kept; i++)
            {
                WriteObject(page.Records[i]);
            }

            if (pager.Unbounded && pager.Expected is long expected && expected > 0)
            {
                progress.StatusDescription = $"{pager.Delivered} of {expected} records";
                progress.PercentComplete = (int)Math.Min(100, pager.Delivered * 100 / expected);
                WriteProgress(progress);
            }
        }

        if (pager.Unbounded)
        {
            progress.RecordType = ProgressRecordType.Completed;
            WriteProgress(progress);
        }
    }

    /// <summary>One page, or null after writing the error.</summary>
    private UsagePage? Read(int offset, int limit) =>
        Call(UsedConnection.BaseUri, (client, call, token) => client.GetUsageAsync(offset, limit, call, token));

    private void WriteTotalCount(long? total) =>
        WriteObject(total is long count
            ? PagingParameters.NewTotalCount((ulong)count, 1.0)
            : PagingParameters.NewTotalCount(0, 0.0));
}
