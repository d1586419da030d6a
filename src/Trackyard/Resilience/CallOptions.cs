using System;

namespace Trackyard;

/// <summary>
/// What the user chose for the calls of one cmdlet invocation: whether rate limits may be waited out, the retry limits
/// (null = the connection's), who hears about it, and the tally of what its charged requests cost. Made on the
/// pipeline thread, used on workers.
/// </summary>
internal sealed class CallOptions
{
    internal CallOptions(bool retryOnRateLimit, IApiCallObserver? observer = null, CreditTally? tally = null)
    {
        RetryOnRateLimit = retryOnRateLimit;
        Observer = observer ?? NullApiCallObserver.Instance;
        Tally = tally ?? new CreditTally();
    }

    internal bool RetryOnRateLimit { get; }

    internal IApiCallObserver Observer { get; }

    /// <summary>What the charged requests of this invocation cost; shared by every copy made with <see cref="With"/>.</summary>
    internal CreditTally Tally { get; }

    /// <summary>-MaximumRetryCount of this call; null = the connection's default.</summary>
    internal int? MaxRetryCount { get; set; }

    /// <summary>-MaximumRetryWaitSec of this call; null = the connection's default.</summary>
    internal TimeSpan? MaxRetryWait { get; set; }

    /// <summary>
    /// Connect-Trackyard's check of the key: sent even while the process holds the key back, and its answer replaces
    /// what the process believed about the key's limits.
    /// </summary>
    internal bool IsConnectCheck { get; set; }

    /// <summary>The same choices reported to <paramref name="observer"/>.</summary>
    internal CallOptions With(IApiCallObserver observer) => new(RetryOnRateLimit, observer, Tally)
    {
        MaxRetryCount = MaxRetryCount,
        MaxRetryWait = MaxRetryWait,
        IsConnectCheck = IsConnectCheck,
    };
}
