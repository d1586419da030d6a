namespace Trackyard.Emulator;

/// <summary>Queued faults per API path, consumed in the order they were added; each serves <c>Times</c> requests.</summary>
public sealed class FaultQueue
{
    private readonly object _gate = new();
    private readonly Dictionary<string, LinkedList<PendingFault>> _byPath = new(StringComparer.Ordinal);

    public int Enqueue(FaultSpec fault)
    {
        lock (_gate)
        {
            if (!_byPath.TryGetValue(fault.Path, out var queue))
            {
                _byPath[fault.Path] = queue = new LinkedList<PendingFault>();
            }

            queue.AddLast(new PendingFault(fault) { Remaining = fault.Times });
            return queue.Sum(p => p.Remaining);
        }
    }

    public bool TryTake(string path, out FaultSpec fault)
    {
        lock (_gate)
        {
            if (_byPath.TryGetValue(path, out var queue) && queue.First is { } first)
            {
                fault = first.Value.Fault;
                if (--first.Value.Remaining == 0)
                {
                    queue.RemoveFirst();
                }

                return true;
            }

            fault = null!;
            return false;
        }
    }

    /// <summary>Pending faults, path by path in queue order, with how many requests each still answers.</summary>
    public List<(FaultSpec Fault, int Remaining)> Pending()
    {
        lock (_gate)
        {
            return _byPath.Values.SelectMany(q => q).Select(p => (p.Fault, p.Remaining)).ToList();
        }
    }

    public void Clear()
    {
        lock (_gate)
        {
            _byPath.Clear();
        }
    }

    private sealed class PendingFault(FaultSpec fault)
    {
        public FaultSpec Fault { get; } = fault;
        public int Remaining { get; set; }
    }
}
