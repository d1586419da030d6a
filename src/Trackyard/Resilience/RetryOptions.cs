using System;

namespace Trackyard;

/// <summary>
/// How the resilience pipeline retries. Issue 4 extends this in place (transient retries, backoff with jitter,
/// the shared per-key cooldown, -MaximumRetryCount / -MaximumRetryWaitSec).
/// </summary>
internal sealed class RetryOptions
{
    /// <summary>How many times a 429 is retried when retrying is allowed.</summary>
    internal int MaxRateLimitRetries { get; set; } = 3;

    /// <summary>A server asking for a longer wait than this is not waited for: the call fails with RateLimited.</summary>
    internal TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(300);

    /// <summary>Added to Retry-After so the retry never lands before the window has really freed up.</summary>
    internal TimeSpan RetryAfterMargin { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first wait when a 429 carries no usable Retry-After; doubled on each retry.</summary>
    internal TimeSpan FallbackDelay { get; set; } = TimeSpan.FromSeconds(1);
}
