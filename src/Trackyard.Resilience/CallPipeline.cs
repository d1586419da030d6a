using System;
using System.Collections.Generic;
using System.Reflection;
using System.Threading;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;
using Polly.Timeout;

namespace Trackyard.Resilience;

/// <summary>
/// One Polly.Core pipeline per client, built once: the retry strategies (outermost first), the shared send gate that
/// every attempt passes, and the per-attempt timeout. Each decision is Trackyard's (the rules and the gate it passes
/// in); Polly runs the attempts, waits the retry delays on the given clock and cancels an attempt that runs out of time.
/// This assembly is the only one that names Polly types, and its API speaks BCL terms, so that it can live with its own
/// Polly.Core in the module's AssemblyLoadContext.
/// </summary>
/// <typeparam name="TCall">One call's choices and accounting, handed to every rule and to the gate.</typeparam>
/// <typeparam name="TTicket">What the gate hands an attempt: its place in the key's budget.</typeparam>
public sealed class CallPipeline<TCall, TTicket>
    where TTicket : class, IDisposable
{
    private static readonly ResiliencePropertyKey<TCall> CallKey = new("Trackyard.Call");
    private static readonly ResiliencePropertyKey<TTicket?> TicketKey = new("Trackyard.Ticket");

    private readonly ResiliencePipeline _pipeline;

    /// <summary>Builds the pipeline.</summary>
    /// <param name="retries">The retry rules, outermost first; each is one Polly retry strategy with its own count.</param>
    /// <param name="gate">The send gate every attempt passes before it is sent.</param>
    /// <param name="attemptTimeout">How long one attempt (send, headers and body) may take.</param>
    /// <param name="time">The clock Polly waits and times out on.</param>
    public CallPipeline(IReadOnlyList<IRetryRule<TCall>> retries, ISendGate<TCall, TTicket> gate, TimeSpan attemptTimeout, TimeProvider time)
    {
        var builder = new ResiliencePipelineBuilder { TimeProvider = time };
        foreach (var rule in retries)
        {
            // A rule that can never retry is no stage at all (Polly requires at least one retry).
            if (rule.MaxRetries > 0)
            {
                builder.AddRetry(RetryOptions(rule));
            }
        }

        builder.AddStrategy(_ => new GateStrategy(gate));
        builder.AddTimeout(new TimeoutStrategyOptions { Timeout = attemptTimeout });
        _pipeline = builder.Build();
    }

    /// <summary>The Polly.Core assembly this pipeline runs on (for diagnostics: which copy, from which folder).</summary>
    public static Assembly PollyAssembly => typeof(ResiliencePipeline).Assembly;

    /// <summary>
    /// Runs <paramref name="attempt"/> through the pipeline until it succeeds or no rule retries its failure, and
    /// returns its result or throws its last failure. The attempt gets its ticket and a token that the per-attempt
    /// timeout or <paramref name="cancellationToken"/> cancels.
    /// </summary>
    public async Task<TResult> ExecuteAsync<TResult>(Func<TTicket, CancellationToken, Task<TResult>> attempt, TCall call, CancellationToken cancellationToken)
    {
        var context = ResilienceContextPool.Shared.Get(cancellationToken);
        context.Properties.Set(CallKey, call);
        try
        {
            return await _pipeline.ExecuteAsync(
                static (ctx, run) => new ValueTask<TResult>(run(ctx.Properties.GetValue(TicketKey, null)!, ctx.CancellationToken)),
                context,
                attempt).ConfigureAwait(false);
        }
        finally
        {
            ResilienceContextPool.Shared.Return(context);
        }
    }

    private static RetryStrategyOptions RetryOptions(IRetryRule<TCall> rule) => new()
    {
        Name = rule.Name,
        MaxRetryAttempts = rule.MaxRetries,
        ShouldHandle = args => new ValueTask<bool>(
            args.Outcome.Exception is { } failure && rule.ShouldRetry(failure, args.AttemptNumber, Call(args.Context))),
        DelayGenerator = args => new ValueTask<TimeSpan?>(
            rule.Delay(args.Outcome.Exception!, args.AttemptNumber, Call(args.Context))),
        OnRetry = args =>
        {
            rule.OnRetry(args.Outcome.Exception!, args.AttemptNumber + 1, args.RetryDelay, Call(args.Context));
            return default;
        },
    };

    private static TCall Call(ResilienceContext context) => context.Properties.GetValue(CallKey, default!);

    /// <summary>
    /// The send gate as a pipeline stage: a custom strategy rather than Polly's rate limiter, because the key's
    /// limit is learnt from the server's answers (remaining counts, Retry-After) and shared by every client of the
    /// key, which a fixed-rate System.Threading.RateLimiting limiter cannot express.
    /// </summary>
    private sealed class GateStrategy : ResilienceStrategy
    {
        private readonly ISendGate<TCall, TTicket> _gate;

        internal GateStrategy(ISendGate<TCall, TTicket> gate) => _gate = gate;

        protected override async ValueTask<Outcome<TResult>> ExecuteCore<TResult, TState>(
            Func<ResilienceContext, TState, ValueTask<Outcome<TResult>>> callback,
            ResilienceContext context,
            TState state)
        {
            TTicket ticket;
            try
            {
                ticket = await _gate.EnterAsync(Call(context), context.CancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex)
            {
                return Outcome.FromException<TResult>(ex);
            }

            using (ticket)
            {
                context.Properties.Set(TicketKey, ticket);
                try
                {
                    return await callback(context, state).ConfigureAwait(false);
                }
                finally
                {
                    context.Properties.Set(TicketKey, null);
                }
            }
        }
    }
}

/// <summary>One kind of retry, decided by Trackyard: which failures, how often, how long to wait, what to tell.</summary>
/// <typeparam name="TCall">One call's choices and accounting.</typeparam>
public interface IRetryRule<in TCall>
{
    /// <summary>A name for the strategy (diagnostics).</summary>
    string Name { get; }

    /// <summary>The most retries this rule could ever allow; <see cref="ShouldRetry"/> applies the call's own limits.</summary>
    int MaxRetries { get; }

    /// <summary>Whether to try again after <paramref name="failure"/>, having retried <paramref name="retriesSoFar"/> times already.</summary>
    bool ShouldRetry(Exception failure, int retriesSoFar, TCall call);

    /// <summary>How long to wait before the next attempt (called once per retry, after <see cref="ShouldRetry"/> said yes).</summary>
    TimeSpan Delay(Exception failure, int retriesSoFar, TCall call);

    /// <summary>A retry is about to wait <paramref name="delay"/>; <paramref name="retryNumber"/> counts from 1.</summary>
    void OnRetry(Exception failure, int retryNumber, TimeSpan delay, TCall call);
}

/// <summary>The gate every attempt passes: it waits for the attempt's turn, or throws why it may not be sent.</summary>
/// <typeparam name="TCall">One call's choices and accounting.</typeparam>
/// <typeparam name="TTicket">The attempt's place in the budget, disposed when the attempt ends.</typeparam>
public interface ISendGate<in TCall, TTicket>
{
    /// <summary>Waits until the attempt may be sent and returns its ticket.</summary>
    Task<TTicket> EnterAsync(TCall call, CancellationToken cancellationToken);
}
