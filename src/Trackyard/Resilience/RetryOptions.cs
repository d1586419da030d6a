using System;

namespace Trackyard;

/// <summary>
/// How the resilience pipeline retries and paces requests. A connection holds one (its defaults, from
/// Connect-Trackyard); a call may override the two user-facing limits through <see cref="CallOptions"/>.
/// </summary>
internal sealed class RetryOptions
{
    internal const int DefaultMaxRetryCount = 5;
    internal const int DefaultMaxRetryWaitSeconds = 300;

    /// <summary>How many times a rate-limited (429) request is retried when the call may wait (-MaximumRetryCount).</summary>
    internal int MaxRetryCount { get; set; } = DefaultMaxRetryCount;

    /// <summary>
    /// The most one call spends waiting, all waits together (-MaximumRetryWaitSec). A wait that would go beyond it
    /// is not started: the call fails at once.
    /// </summary>
    internal TimeSpan MaxRetryWait { get; set; } = TimeSpan.FromSeconds(DefaultMaxRetryWaitSeconds);

    /// <summary>How many times a transient failure (5xx, 408, connection, timeout) is retried; never more than <see cref="MaxRetryCount"/>.</summary>
    internal int MaxTransientRetries { get; set; } = 2;

    /// <summary>Added to every wait the server asks for, so the retry never lands before the window has really freed up.</summary>
    internal TimeSpan RetryAfterMargin { get; set; } = TimeSpan.FromMilliseconds(250);

    /// <summary>The first backoff step (transient failures, and 429s without a usable Retry-After); doubled on each retry.</summary>
    internal TimeSpan BackoffBase { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>No backoff step is longer than this.</summary>
    internal TimeSpan BackoffCap { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The documented per-minute window, assumed when the server does not say when it frees up.</summary>
    internal TimeSpan MinuteWindow { get; set; } = TimeSpan.FromMinutes(1);

    /// <summary>The documented per-day window.</summary>
    internal TimeSpan DayWindow { get; set; } = TimeSpan.FromDays(1);

    /// <summary>The jitter source, a number in [0, 1). Tests inject a fixed one.</summary>
    internal Func<double> Random { get; set; } = SharedRandom.NextDouble;

    /// <summary>The limits of one call: the per-call overrides where given, else these defaults.</summary>
    internal RetryOptions ForCall(CallOptions call)
    {
        var copy = (RetryOptions)MemberwiseClone();
        copy.MaxRetryCount = call.MaxRetryCount ?? MaxRetryCount;
        copy.MaxRetryWait = call.MaxRetryWait ?? MaxRetryWait;
        return copy;
    }

    /// <summary>A thread-safe Random (netstandard2.0 has no Random.Shared).</summary>
    private static class SharedRandom
    {
        private static readonly Random Seeds = new();

        [ThreadStatic]
        private static Random? _local;

        internal static double NextDouble()
        {
            if (_local is null)
            {
                int seed;
                lock (Seeds)
                {
                    seed = Seeds.Next();
                }

                _local = new Random(seed);
            }

            return _local.NextDouble();
        }
    }
}
