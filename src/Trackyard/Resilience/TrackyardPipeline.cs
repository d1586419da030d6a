using System;
using System.Threading;
using System.Threading.Tasks;
using Trackyard.Resilience;

namespace Trackyard;

/// <summary>
/// The one resilience pipeline every request goes through: a Polly retry (in Trackyard.Resilience.dll, the only
/// assembly that references Polly) whose decisions are made by <see cref="RetryPlanner"/>. Polly itself does not
/// sleep: the chosen delay is waited out by the <see cref="Pacer"/> right before the next attempt, where it is
/// counted down on the progress stream and combined with the key's shared cooldown, so no request is ever sent
/// before both have passed.
/// </summary>
internal sealed class TrackyardPipeline
{
    private readonly RetryPipeline<ApiResponse> _retry = new();
    private readonly TimeProvider _time;

    internal TrackyardPipeline(TimeProvider timeProvider) => _time = timeProvider;

    /// <summary>Runs the attempts of one call, within its <paramref name="budget"/>.</summary>
    internal Task<ApiResponse> ExecuteAsync(Func<CancellationToken, Task<ApiResponse>> attempt, RetryBudget budget, CancellationToken cancellationToken) =>
        _retry.ExecuteAsync(attempt, new Decider(budget, _time), cancellationToken);

    /// <summary>One call's decisions: the planner chooses, and a chosen retry is booked on the budget.</summary>
    private sealed class Decider : IRetryDecider<ApiResponse>
    {
        private readonly RetryBudget _budget;
        private readonly TimeProvider _time;

        internal Decider(RetryBudget budget, TimeProvider time)
        {
            _budget = budget;
            _time = time;
        }

        public bool ShouldRetry(ApiResponse? result, Exception? exception)
        {
            _budget.Planned = RetryPlanner.Plan(result, exception, _budget);
            return _budget.Planned != null;
        }

        public void OnRetry(ApiResponse? result)
        {
            var plan = _budget.Planned!;
            _budget.Schedule(plan, _time.GetTimestamp(), _time);
            _budget.Call.Observer.OnRetryScheduled(plan.Attempt, plan.MaxAttempts, plan.Delay, plan.Reason);
            result?.Dispose();
        }
    }
}
