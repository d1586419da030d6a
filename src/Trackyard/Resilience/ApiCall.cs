using System;
using System.Threading;

namespace Trackyard;

/// <summary>
/// One request as the resilience pipeline sees it: what is sent, what the user allowed (waiting out rate limits, how
/// many retries, how long to wait in all), who hears about it, how much waiting it has spent, and how far its latest
/// attempt got. Every retry rule and the send gate decide from it; only the waits they start and the progress of
/// the attempts are booked on it. Its attempts run one after another.
/// </summary>
internal sealed class ApiCall
{
    internal ApiCall(ApiRequest request, CallOptions options, RetryOptions defaults, TimeProvider time, CancellationToken cancellationToken)
    {
        Request = request;
        Time = time;
        CancellationToken = cancellationToken;
        Settings = defaults;
        Observer = options.Observer;
        MayWaitForRateLimit = options.RetryOnRateLimit;
        IsConnectCheck = options.IsConnectCheck;
        MaxRetryCount = options.MaxRetryCount ?? defaults.MaxRetryCount;
        MaxRetryWait = options.MaxRetryWait ?? defaults.MaxRetryWait;
    }

    internal ApiRequest Request { get; }

    /// <summary>How far the latest attempt got: not sent, maybe received (sent without an answer), or answered.</summary>
    internal Delivery Reached { get; private set; } = Delivery.NotSent;

    /// <summary>The status the latest attempt was answered with, when <see cref="Reached"/> is Answered.</summary>
    internal int? AnsweredStatus { get; private set; }

    /// <summary>The connection's retry settings (margin, backoff, windows, jitter).</summary>
    internal RetryOptions Settings { get; }

    internal IApiCallObserver Observer { get; }

    /// <summary>The client's clock: every wait of the call runs on it.</summary>
    internal TimeProvider Time { get; }

    /// <summary>The user's cancellation (Ctrl+C), which ends every wait of the call.</summary>
    internal CancellationToken CancellationToken { get; }

    /// <summary>-RetryOnRateLimit: the call may wait for a rate limit instead of failing.</summary>
    internal bool MayWaitForRateLimit { get; }

    /// <inheritdoc cref="CallOptions.IsConnectCheck"/>
    internal bool IsConnectCheck { get; }

    /// <summary>-MaximumRetryCount: retries whose wait the module chooses (the service did not say when to come back).</summary>
    internal int MaxRetryCount { get; }

    /// <summary>-MaximumRetryWaitSec: the most this call waits, all waits together.</summary>
    internal TimeSpan MaxRetryWait { get; }

    /// <summary>What this call has waited so far (retry delays and holds of the send gate).</summary>
    internal TimeSpan Waited { get; private set; }

    /// <summary>How much longer this call may wait.</summary>
    internal TimeSpan WaitLeft => MaxRetryWait - Waited;

    /// <summary>An attempt is about to send its request: from now on it may reach the service.</summary>
    internal void Sending() => (Reached, AnsweredStatus) = (Delivery.MaybeReceived, null);

    /// <summary>The attempt's request failed without an answer; <paramref name="delivery"/> says whether it can have left this machine.</summary>
    internal void Unanswered(Delivery delivery) => (Reached, AnsweredStatus) = (delivery, null);

    /// <summary>The service answered the attempt with <paramref name="status"/>.</summary>
    internal void Answered(int status) => (Reached, AnsweredStatus) = (Delivery.Answered, status);

    /// <summary>Books a wait that is about to start.</summary>
    internal void Spend(TimeSpan wait) => Waited += wait;

    /// <summary>Why a wait of <paramref name="wait"/> is not started: it would go beyond -MaximumRetryWaitSec.</summary>
    internal string TooLongNote(TimeSpan wait) =>
        $"Not waiting {WaitText.Seconds(wait)} s: that is more than -MaximumRetryWaitSec allows ({WaitText.Seconds(MaxRetryWait)} s"
        + (Waited > TimeSpan.Zero ? $", {WaitText.Seconds(Waited)} s of it already spent)." : ").");
}
