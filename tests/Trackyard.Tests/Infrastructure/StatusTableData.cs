using System.Globalization;
using System.Management.Automation;

namespace Trackyard.Tests.Infrastructure;

/// <summary>One row of tests/data/status-table.csv.</summary>
internal sealed record StatusTableRow(
    int Status,
    TrackyardFailureKind Kind,
    ErrorCategory Category,
    string ErrorId,
    bool Terminating,
    RetryClass Retried,
    bool Followed,
    string AdviceMentions);

/// <summary>Reads tests/data/status-table.csv (copied beside the test assembly).</summary>
internal static class StatusTableData
{
    public static IReadOnlyList<StatusTableRow> Rows { get; } = Read();

    private static List<StatusTableRow> Read()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "status-table.csv");
        return File.ReadAllLines(path)
            .Skip(1)
            .Where(line => line.Trim().Length > 0)
            .Select(line => line.Split(','))
            .Select(cells => new StatusTableRow(
                int.Parse(cells[0], CultureInfo.InvariantCulture),
                Enum.Parse<TrackyardFailureKind>(cells[1]),
                Enum.Parse<ErrorCategory>(cells[2]),
                cells[3],
                bool.Parse(cells[4]),
                Enum.Parse<RetryClass>(cells[5]),
                bool.Parse(cells[6]),
                cells[7]))
            .ToList();
    }
}
