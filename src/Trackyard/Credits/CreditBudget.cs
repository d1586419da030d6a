using System.Globalization;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// The credits of one connection: how many its answers show were charged, and its spending limit
/// (Connect-Trackyard -CreditLimit), shared by every runspace that uses the connection. Every charged request
/// reserves one credit before it is sent, and its outcome settles the reservation: charged (a success), given back
/// (an error status, or never sent), or kept as possibly charged (it may have reached the service, which did not
/// answer). A caller finding the limit taken up by requests still on their way waits for them to settle, because one
/// of them may give its credit back; once the limit is spent or possibly spent, charged requests fail before sending.
/// </summary>
internal sealed class CreditBudget
{
    private readonly object _gate = new();
    private TaskCompletionSource<bool> _settled = NewSignal();
    private long _spent;
    private long _maybeSpent;
    private int _onTheirWay;

    /// <param name="limit">The most credits this connection may spend; null = no limit (credits are still counted).</param>
    internal CreditBudget(long? limit) => Limit = limit;

    /// <summary>The most credits this connection may spend, or null for no limit.</summary>
    internal long? Limit { get; }

    /// <summary>Credits that answers showed were charged (successes of charged requests).</summary>
    internal long Spent
    {
        get
        {
            lock (_gate)
            {
                return _spent;
            }
        }
    }

    /// <summary>Credits of requests that may have reached the service without an answer: they count against the limit.</summary>
    internal long MaybeSpent
    {
        get
        {
            lock (_gate)
            {
                return _maybeSpent;
            }
        }
    }

    /// <summary>How much of the limit is neither spent, possibly spent nor reserved; null without a limit.</summary>
    internal long? Left
    {
        get
        {
            lock (_gate)
            {
                return Limit - _spent - _maybeSpent - _onTheirWay;
            }
        }
    }

    /// <summary>
    /// Reserves one credit for <paramref name="request"/> before it is sent. When the limit is taken up only by
    /// requests still on their way, it waits until one of them settles; when it is spent, it throws
    /// CreditLimitReached and nothing is sent.
    /// </summary>
    internal async Task<CreditReservation> ReserveAsync(ApiRequest request, IApiCallObserver observer, CancellationToken cancellationToken)
    {
        while (true)
        {
            Task settled;
            int onTheirWay;
            lock (_gate)
            {
                if (Limit is not long limit || _spent + _maybeSpent + _onTheirWay < limit)
                {
                    _onTheirWay++;
                    return new CreditReservation(this);
                }

                if (_onTheirWay == 0)
                {
                    throw LimitReached(request, limit);
                }

                settled = _settled.Task;
                onTheirWay = _onTheirWay;
            }

            observer.OnVerbose($"{request.Name}: the credit limit of this connection ({Limit}) is taken up, {onTheirWay} of it by requests on their way; waiting for their answers.");
            await WhenSettledAsync(settled, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Settles one reservation (called once per reservation, by <see cref="CreditReservation"/>).</summary>
    internal void Settle(CreditOutcome outcome)
    {
        TaskCompletionSource<bool> settled;
        lock (_gate)
        {
            _onTheirWay--;
            if (outcome == CreditOutcome.Charged)
            {
                _spent++;
            }
            else if (outcome == CreditOutcome.MaybeCharged)
            {
                _maybeSpent++;
            }

            settled = _settled;
            _settled = NewSignal();
        }

        settled.TrySetResult(true);
    }

    /// <summary>"3 credits spent" or "2 credits spent and 1 more may have been", for messages.</summary>
    internal string SpentText()
    {
        long spent, maybe;
        lock (_gate)
        {
            spent = _spent;
            maybe = _maybeSpent;
        }

        var text = Credits(spent) + " spent";
        return maybe == 0 ? text : $"{text} and {maybe} more may have been (requests that reached Trackyard without an answer)";
    }

    /// <summary>"1 credit", "3 credits".</summary>
    internal static string Credits(long count) =>
        count.ToString(CultureInfo.InvariantCulture) + (count == 1 ? " credit" : " credits");

    private TrackyardApiException LimitReached(ApiRequest request, long limit) => new(
        TrackyardFailureKind.CreditLimitReached,
        $"The credit limit of this connection is reached: -CreditLimit {limit}, {SpentText()}. "
        + $"{request.Name}{request.ForSubject} was not sent (no credit spent).")
    {
        Delivery = Delivery.NotSent,
    };

    private static async Task WhenSettledAsync(Task settled, CancellationToken cancellationToken)
    {
        var cancelled = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        using (cancellationToken.Register(() => cancelled.TrySetResult(true)))
        {
            await Task.WhenAny(settled, cancelled.Task).ConfigureAwait(false);
        }

        cancellationToken.ThrowIfCancellationRequested();
    }

    private static TaskCompletionSource<bool> NewSignal() => new(TaskCreationOptions.RunContinuationsAsynchronously);
}

/// <summary>What one charged request cost.</summary>
internal enum CreditOutcome
{
    /// <summary>Nothing: the service answered with an error, or the request was never sent.</summary>
    Returned,

    /// <summary>One credit: the service answered with success.</summary>
    Charged,

    /// <summary>Perhaps one credit: the request may have reached the service, which did not answer.</summary>
    MaybeCharged,
}

/// <summary>
/// One credit held for one charged request while it is on its way. <see cref="Settle"/> decides from how far the
/// request got; only the first settlement counts, so a reservation is never settled twice.
/// </summary>
internal sealed class CreditReservation
{
    private readonly CreditBudget _budget;
    private int _settled;

    internal CreditReservation(CreditBudget budget) => _budget = budget;

    /// <summary>
    /// Settles the reservation from the last attempt of its call: answered with success → charged; answered with an
    /// error status, or never sent → given back; sent without an answer → kept, as possibly charged.
    /// </summary>
    internal CreditOutcome Settle(Delivery reached, int? status)
    {
        var outcome = reached switch
        {
            Delivery.Answered when status is >= 200 and <= 299 => CreditOutcome.Charged,
            Delivery.MaybeReceived => CreditOutcome.MaybeCharged,
            _ => CreditOutcome.Returned,
        };
        if (Interlocked.Exchange(ref _settled, 1) == 0)
        {
            _budget.Settle(outcome);
        }

        return outcome;
    }
}
