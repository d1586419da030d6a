using System;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Trackyard;

/// <summary>
/// The one resilience pipeline every request goes through. For now it waits out a 429 when the call allows it;
/// transient retries and the shared per-key cooldown (issue 4) belong here too.
/// </summary>
internal static class TrackyardPipeline
{
    /// <summary>The per-call options, carried on the ResilienceContext.</summary>
    internal static readonly ResiliencePropertyKey<CallOptions> CallKey = new("Trackyard.CallOptions");

    internal static ResiliencePipeline<ApiResponse> Build(RetryOptions options, TimeProvider timeProvider)
    {
        var retry = new RetryStrategyOptions<ApiResponse>
        {
            // The real limit is enforced by RateLimitDelay, so that 0 retries is expressible (Polly needs ≥ 1).
            MaxRetryAttempts = Math.Max(1, options.MaxRateLimitRetries),
            ShouldHandle = args => new ValueTask<bool>(RateLimitDelay(args.Outcome, args.Context, args.AttemptNumber, options).HasValue),
            DelayGenerator = args => new ValueTask<TimeSpan?>(RateLimitDelay(args.Outcome, args.Context, args.AttemptNumber, options)),
            OnRetry = args =>
            {
                var call = args.Context.Properties.GetValue(CallKey, Unobserved);
                call.Observer.OnRetryScheduled(args.AttemptNumber + 1, options.MaxRateLimitRetries, args.RetryDelay, "Rate limited by Trackyard");
                args.Outcome.Result?.Dispose();
                return default;
            },
        };

        return new ResiliencePipelineBuilder<ApiResponse> { TimeProvider = timeProvider }
            .AddRetry(retry)
            .Build();
    }

    /// <summary>How long to wait before retrying this outcome, or null when it must not be retried.</summary>
    internal static TimeSpan? RateLimitDelay(Outcome<ApiResponse> outcome, ResilienceContext context, int attemptNumber, RetryOptions options)
    {
        if (outcome.Result is not { StatusCode: 429 } response)
        {
            return null;
        }

        var call = context.Properties.GetValue(CallKey, Unobserved);
        if (!call.RetryOnRateLimit || attemptNumber >= options.MaxRateLimitRetries)
        {
            return null;
        }

        var wait = response.RetryAfter is { } retryAfter
            ? retryAfter + options.RetryAfterMargin
            : TimeSpan.FromTicks(options.FallbackDelay.Ticks << Math.Min(attemptNumber, 10));

        // A wait beyond the cap (a daily limit) is not worth blocking a runbook for: fail now with RateLimited.
        return wait > options.MaxRetryWait ? null : wait;
    }

    private static readonly CallOptions Unobserved = new(retryOnRateLimit: false);
}
