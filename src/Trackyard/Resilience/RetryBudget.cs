using System;

namespace Trackyard;

/// <summary>
/// What one call has used so far: its retries of each kind and the time it spent waiting. One per call, carried
/// by the pipeline's decider; the planner reads it to decide, the pacer to wait.
/// </summary>
internal sealed class RetryBudget
{
    internal RetryBudget(CallOptions call, RetryOptions options)
    {
        Call = call;
        Options = options.ForCall(call);
    }

    internal CallOptions Call { get; }

    /// <summary>The connection's options with this call's limits applied.</summary>
    internal RetryOptions Options { get; }

    /// <summary>Whether this call may wait out rate limits (-RetryOnRateLimit).</summary>
    internal bool MayWaitForRateLimit => Call.RetryOnRateLimit;

    internal int MaxRateLimitRetries => Options.MaxRetryCount;

    internal int MaxTransientRetries => Math.Min(Options.MaxTransientRetries, Options.MaxRetryCount);

    internal int RateLimitRetries { get; private set; }

    internal int TransientRetries { get; private set; }

    /// <summary>How much longer this call may wait in total (-MaximumRetryWaitSec minus what it waited).</summary>
    internal TimeSpan WaitLeft => Options.MaxRetryWait - Waited;

    internal TimeSpan Waited { get; private set; }

    /// <summary>The retry the planner chose for the latest outcome, until it is scheduled.</summary>
    internal RetryPlan? Planned { get; set; }

    /// <summary>The retry whose wait comes before the next attempt (shown by the pacer's countdown).</summary>
    internal RetryPlan? Scheduled { get; private set; }

    /// <summary>The monotonic timestamp before which the next attempt must not be sent.</summary>
    internal long NotBefore { get; private set; }

    /// <summary>Why the planner stopped retrying although it could have, for the final error message.</summary>
    internal string? GiveUpNote { get; set; }

    /// <summary>Counts the retry and books its wait, starting at <paramref name="now"/> (a monotonic timestamp).</summary>
    internal void Schedule(RetryPlan plan, long now, TimeProvider time)
    {
        if (plan.Kind == RetryKind.RateLimit)
        {
            RateLimitRetries++;
        }
        else
        {
            TransientRetries++;
        }

        Spend(plan.Delay);
        Scheduled = plan;
        NotBefore = now + (long)(plan.Delay.TotalSeconds * time.TimestampFrequency);
    }

    /// <summary>Books a wait against -MaximumRetryWaitSec.</summary>
    internal void Spend(TimeSpan wait) => Waited += wait;
}
