using System;

namespace Trackyard;

/// <summary>
/// Marks a pipeline thread while it starts a call that it then waits for anyway. A request sent from that thread goes
/// out and is read with blocking I/O (PowerShell 7): the answer then wakes the waiting thread itself, instead of a
/// thread-pool thread that finishes the call and wakes it. Everywhere else (a continuation after a retry delay or a
/// rate-limit hold, the thread pool) requests use asynchronous I/O. Ctrl+C and timeouts end a blocking read as they
/// end an asynchronous one.
/// </summary>
internal static class WaitingThread
{
    [ThreadStatic]
    private static bool _isCurrent;

    /// <summary>Whether the current thread is a pipeline thread inside <see cref="Start{T}"/>.</summary>
    internal static bool IsCurrent => _isCurrent;

    /// <summary>Starts <paramref name="call"/> on this thread, marked as one that waits for the call's end.</summary>
    internal static T Start<T>(Func<T> call)
    {
        _isCurrent = true;
        try
        {
            return call();
        }
        finally
        {
            _isCurrent = false;
        }
    }
}
