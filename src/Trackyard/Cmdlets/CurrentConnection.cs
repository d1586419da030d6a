using System.Threading;

namespace Trackyard;

/// <summary>
/// The process-wide current connection. Static, so every runspace of the process sees it, including those of
/// ForEach-Object -Parallel.
/// </summary>
internal static class CurrentConnection
{
    private static Connection? _value;

    internal static Connection? Value => Volatile.Read(ref _value);

    /// <summary>Makes <paramref name="connection"/> current and returns the one it replaced.</summary>
    internal static Connection? Exchange(Connection? connection) => Interlocked.Exchange(ref _value, connection);
}
