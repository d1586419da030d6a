using System.Threading;

namespace Trackyard;

/// <summary>
/// What the charged requests of one cmdlet invocation cost, for its closing verbose line. Settled reservations add
/// to it from worker threads; the cmdlet reads it on the pipeline thread when it ends.
/// </summary>
internal sealed class CreditTally
{
    private long _charged;
    private long _maybeCharged;

    /// <summary>Credits the answers showed were charged.</summary>
    internal long Charged => Interlocked.Read(ref _charged);

    /// <summary>Credits of requests that may have reached the service without an answer.</summary>
    internal long MaybeCharged => Interlocked.Read(ref _maybeCharged);

    /// <summary>Adds the outcome of one charged request.</summary>
    internal void Add(CreditOutcome outcome)
    {
        if (outcome == CreditOutcome.Charged)
        {
            Interlocked.Increment(ref _charged);
        }
        else if (outcome == CreditOutcome.MaybeCharged)
        {
            Interlocked.Increment(ref _maybeCharged);
        }
    }
}
