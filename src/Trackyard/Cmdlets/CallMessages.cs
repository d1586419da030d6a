using System;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;

namespace Trackyard;

/// <summary>
/// What a running call asks the pipeline thread to write (verbose lines, warnings, progress), queued in order from any
/// thread and read by the pipeline thread alone. The reader blocks without spinning: most calls end within a
/// spinning reader's patience, and its spinning would take a core from the threads that finish the call's I/O.
/// </summary>
internal sealed class CallMessages
{
    private readonly Queue<Action<Cmdlet>> _queue = new();
    private bool _completed;

    /// <summary>Queues a message; false once the call has ended, when nobody is left to write it.</summary>
    internal bool TryAdd(Action<Cmdlet> message)
    {
        lock (_queue)
        {
            if (_completed)
            {
                return false;
            }

            _queue.Enqueue(message);
            Monitor.Pulse(_queue);
            return true;
        }
    }

    /// <summary>Marks the call as ended: the reader takes what is queued, then stops.</summary>
    internal void Complete()
    {
        lock (_queue)
        {
            _completed = true;
            Monitor.Pulse(_queue);
        }
    }

    /// <summary>Waits for the next message; null when the call has ended and every message was taken.</summary>
    internal Action<Cmdlet>? Take()
    {
        lock (_queue)
        {
            while (_queue.Count == 0 && !_completed)
            {
                Monitor.Wait(_queue);
            }

            return _queue.Count > 0 ? _queue.Dequeue() : null;
        }
    }
}
