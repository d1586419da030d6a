using System;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Trackyard.Resilience;

/// <summary>Decides, for one call, whether an outcome is tried again. Trackyard's retry planner implements it.</summary>
/// <typeparam name="TResult">What one attempt returns.</typeparam>
public interface IRetryDecider<TResult>
{
    /// <summary>Whether to try again after this outcome: the attempt's result, or the exception it threw.</summary>
    bool ShouldRetry(TResult? result, Exception? exception);

    /// <summary>Called when a retry is decided, before the next attempt; <paramref name="result"/> is not used again.</summary>
    void OnRetry(TResult? result);
}

/// <summary>
/// A Polly.Core retry pipeline whose every decision is made by an <see cref="IRetryDecider{TResult}"/>. Polly does not
/// wait between attempts (the delay is zero): the caller's attempt waits for its own turn, so waits can be counted down
/// and shared. Build one per client and run any number of calls through it.
/// </summary>
/// <typeparam name="TResult">What one attempt returns.</typeparam>
public sealed class RetryPipeline<TResult>
{
    private static readonly ResiliencePropertyKey<IRetryDecider<TResult>> DeciderKey = new("Trackyard.RetryDecider");

    private readonly ResiliencePipeline<TResult> _pipeline;

    /// <summary>Builds the pipeline.</summary>
    public RetryPipeline()
    {
        var retry = new RetryStrategyOptions<TResult>
        {
            // The decider enforces the real limits; Polly only needs room for them.
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args => new ValueTask<bool>(Decider(args.Context).ShouldRetry(args.Outcome.Result, args.Outcome.Exception)),
            DelayGenerator = _ => new ValueTask<TimeSpan?>(TimeSpan.Zero),
            OnRetry = args =>
            {
                Decider(args.Context).OnRetry(args.Outcome.Result);
                return default;
            },
        };
        _pipeline = new ResiliencePipelineBuilder<TResult>().AddRetry(retry).Build();
    }

    /// <summary>Runs <paramref name="attempt"/> until <paramref name="decider"/> accepts an outcome, and returns or throws it.</summary>
    public async Task<TResult> ExecuteAsync(Func<CancellationToken, Task<TResult>> attempt, IRetryDecider<TResult> decider, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(DeciderKey, decider);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, state) => new ValueTask<TResult>(state(ctx.CancellationToken)),
                context,
                attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    /// <summary>The Polly.Core assembly this pipeline runs on (for diagnostics: which copy, from which folder).</summary>
    public static Assembly PollyAssembly => typeof(ResiliencePipeline<TResult>).Assembly;

    private static IRetryDecider<TResult> Decider(ResilienceContext context) => context.Properties.GetValue(DeciderKey, null!);
}
