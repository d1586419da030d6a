using System;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// What the HTTP layer reports while a call runs. It is called on worker threads; the cmdlet's implementation
/// queues each message for the pipeline thread, which alone may call Write*.
/// </summary>
internal interface IApiCallObserver
{
    /// <summary>A line for the verbose stream (never headers or the key).</summary>
    void OnVerbose(string message);

    /// <summary>A line for the debug stream (never headers or the key).</summary>
    void OnDebug(string message);

    /// <summary>A retry is about to wait <paramref name="delay"/>; <paramref name="attempt"/> counts retries from 1.</summary>
    void OnRetryScheduled(int attempt, int maxAttempts, TimeSpan delay, string reason);

    /// <summary>Progress of a long operation (downloads, waits).</summary>
    void OnProgress(ProgressRecord progress);
}

/// <summary>
/// An observer that can also write warnings. Optional, so that observers written before it still compile; where it
/// is missing, warnings go to the verbose stream.
/// </summary>
internal interface IApiCallWarnings
{
    /// <summary>A line for the warning stream (a wait the user should know about).</summary>
    void OnWarning(string message);
}

/// <summary>An observer that drops everything, for callers that do not listen.</summary>
internal sealed class NullApiCallObserver : IApiCallObserver
{
    internal static readonly NullApiCallObserver Instance = new();

    public void OnVerbose(string message)
    {
    }

    public void OnDebug(string message)
    {
    }

    public void OnRetryScheduled(int attempt, int maxAttempts, TimeSpan delay, string reason)
    {
    }

    public void OnProgress(ProgressRecord progress)
    {
    }
}

/// <summary>
/// Per-call choices: whether rate limits may be waited out, the per-call retry limits (null = the connection's),
/// and who hears about it.
/// </summary>
internal sealed class CallOptions
{
    internal CallOptions(bool retryOnRateLimit, IApiCallObserver? observer = null)
    {
        RetryOnRateLimit = retryOnRateLimit;
        Observer = observer ?? NullApiCallObserver.Instance;
    }

    internal bool RetryOnRateLimit { get; }

    internal IApiCallObserver Observer { get; }

    /// <summary>-MaximumRetryCount of this call; null = the connection's default.</summary>
    internal int? MaxRetryCount { get; set; }

    /// <summary>-MaximumRetryWaitSec of this call; null = the connection's default.</summary>
    internal TimeSpan? MaxRetryWait { get; set; }

    /// <summary>The same choices reported to <paramref name="observer"/> (made on the pipeline thread, used on a worker).</summary>
    internal CallOptions With(IApiCallObserver observer) => new(RetryOnRateLimit, observer)
    {
        MaxRetryCount = MaxRetryCount,
        MaxRetryWait = MaxRetryWait,
    };
}
