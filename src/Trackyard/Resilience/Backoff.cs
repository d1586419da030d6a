using System;

namespace Trackyard;

/// <summary>The waits used when the server does not say how long to wait.</summary>
internal static class Backoff
{
    /// <summary>
    /// Full jitter for transient failures: uniformly random between zero and <see cref="Exponential"/>, so that many
    /// clients failing together do not come back together.
    /// </summary>
    internal static TimeSpan FullJitter(int retry, RetryOptions options) =>
        Scale(Exponential(retry, options), Clamp(options.Random()));

    /// <summary>
    /// For a 429 without a usable Retry-After: <see cref="Exponential"/> plus up to a quarter more. Never shorter than
    /// the schedule, because coming back early to a rate limit only costs another 429.
    /// </summary>
    internal static TimeSpan RateLimitFallback(int retry, RetryOptions options)
    {
        var step = Exponential(retry, options);
        return step + Scale(step, 0.25 * Clamp(options.Random()));
    }

    /// <summary>The longest <see cref="RateLimitFallback"/> can be.</summary>
    internal static TimeSpan RateLimitFallbackLongest(int retry, RetryOptions options) => Scale(Exponential(retry, options), 1.25);

    /// <summary>base·2^retry, capped.</summary>
    internal static TimeSpan Exponential(int retry, RetryOptions options)
    {
        var ticks = options.BackoffBase.Ticks * Math.Pow(2, Math.Min(Math.Max(retry, 0), 30));
        return ticks >= options.BackoffCap.Ticks ? options.BackoffCap : TimeSpan.FromTicks((long)ticks);
    }

    private static TimeSpan Scale(TimeSpan span, double factor) => TimeSpan.FromTicks((long)(span.Ticks * factor));

    private static double Clamp(double value) => double.IsNaN(value) ? 0 : Math.Min(Math.Max(value, 0), 1);
}
