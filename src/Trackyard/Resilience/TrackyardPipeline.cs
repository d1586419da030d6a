using System;
using System.Threading.Tasks;
using Polly;
using Polly.Retry;

namespace Trackyard;

/// <summary>
/// The one resilience pipeline every request goes through: a Polly retry whose decisions are made by
/// <see cref="RetryPlanner"/>. Polly itself does not sleep: the chosen delay is waited out by the
/// <see cref="Pacer"/> right before the next attempt, where it is counted down on the progress stream and combined
/// with the key's shared cooldown, so no request is ever sent before both have passed.
/// </summary>
internal static class TrackyardPipeline
{
    /// <summary>The call's budget (options, counts, waits), carried on the ResilienceContext.</summary>
    internal static readonly ResiliencePropertyKey<RetryBudget> BudgetKey = new("Trackyard.RetryBudget");

    internal static ResiliencePipeline<ApiResponse> Build(TimeProvider timeProvider)
    {
        var retry = new RetryStrategyOptions<ApiResponse>
        {
            // The planner enforces the real limits; Polly only needs room for them.
            MaxRetryAttempts = int.MaxValue,
            ShouldHandle = args =>
            {
                var budget = args.Context.Properties.GetValue(BudgetKey, null!);
                budget.Planned = RetryPlanner.Plan(args.Outcome, budget);
                return new ValueTask<bool>(budget.Planned != null);
            },
            DelayGenerator = _ => new ValueTask<TimeSpan?>(TimeSpan.Zero),
            OnRetry = args =>
            {
                var budget = args.Context.Properties.GetValue(BudgetKey, null!);
                var plan = budget.Planned!;
                budget.Schedule(plan, timeProvider.GetTimestamp(), timeProvider);
                budget.Call.Observer.OnRetryScheduled(plan.Attempt, plan.MaxAttempts, plan.Delay, plan.Reason);
                args.Outcome.Result?.Dispose();
                return default;
            },
        };

        return new ResiliencePipelineBuilder<ApiResponse> { TimeProvider = timeProvider }
            .AddRetry(retry)
            .Build();
    }
}
