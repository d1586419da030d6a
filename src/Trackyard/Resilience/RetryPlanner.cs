using System;
using System.Globalization;

namespace Trackyard;

/// <summary>Which kind of retry a plan is; each kind has its own count.</summary>
internal enum RetryKind
{
    /// <summary>A 429, retried only with -RetryOnRateLimit, up to -MaximumRetryCount times.</summary>
    RateLimit,

    /// <summary>A 5xx, 408, connection failure or timeout, retried by default, at most twice.</summary>
    Transient,
}

/// <summary>One retry: how long to wait first, and how to tell the user ("attempt 2 of 5").</summary>
internal sealed class RetryPlan
{
    internal RetryPlan(RetryKind kind, TimeSpan delay, int attempt, int maxAttempts, string reason)
    {
        Kind = kind;
        Delay = delay;
        Attempt = attempt;
        MaxAttempts = maxAttempts;
        Reason = reason;
    }

    internal RetryKind Kind { get; }

    internal TimeSpan Delay { get; }

    /// <summary>The number of this retry of its kind, from 1.</summary>
    internal int Attempt { get; }

    internal int MaxAttempts { get; }

    /// <summary>What happened, e.g. "Rate limited by Trackyard".</summary>
    internal string Reason { get; }
}

/// <summary>
/// Decides whether an outcome is retried and after how long. Every retry decision of the module is here:
/// 429 only with -RetryOnRateLimit; 408, 500, 502, 503, 504, refused or reset connections and timeouts by default;
/// everything else (400, 401, 402, 403, 404, other statuses, the user's own cancellation) never.
/// </summary>
internal static class RetryPlanner
{
    /// <summary>The retry for an attempt's outcome (a response, or the exception it threw), or null when it is final.</summary>
    internal static RetryPlan? Plan(ApiResponse? response, Exception? exception, RetryBudget budget)
    {
        if (response is { StatusCode: 429 } limited)
        {
            return PlanRateLimit(limited, budget);
        }

        return TransientReason(response, exception) is { } reason ? PlanTransient(response?.RetryAfter, reason, budget) : null;
    }

    /// <summary>Whether a status is worth retrying without being asked: the server may well answer it next time.</summary>
    internal static bool IsTransientStatus(int status) => status is 408 or 500 or 502 or 503 or 504;

    private static RetryPlan? PlanRateLimit(ApiResponse response, RetryBudget budget)
    {
        var options = budget.Options;
        if (!budget.MayWaitForRateLimit)
        {
            return null;
        }

        if (budget.RateLimitRetries >= budget.MaxRateLimitRetries)
        {
            budget.GiveUpNote = budget.MaxRateLimitRetries == 0
                ? "Not retried: -MaximumRetryCount is 0."
                : $"Gave up after {budget.MaxRateLimitRetries} retries (-MaximumRetryCount).";
            return null;
        }

        var delay = Usable(response.RetryAfter) is { } retryAfter
            ? retryAfter + options.RetryAfterMargin
            : Backoff.RateLimitFallback(budget.RateLimitRetries, options);
        if (delay > budget.WaitLeft)
        {
            budget.GiveUpNote = NotWaitingNote(delay, budget);
            return null;
        }

        return new RetryPlan(RetryKind.RateLimit, delay, budget.RateLimitRetries + 1, budget.MaxRateLimitRetries, "Rate limited by Trackyard");
    }

    private static RetryPlan? PlanTransient(TimeSpan? retryAfter, string reason, RetryBudget budget)
    {
        if (budget.TransientRetries >= budget.MaxTransientRetries)
        {
            return null;
        }

        var delay = Usable(retryAfter) is { } wait
            ? wait + budget.Options.RetryAfterMargin
            : Backoff.FullJitter(budget.TransientRetries, budget.Options);
        if (delay > budget.WaitLeft)
        {
            budget.GiveUpNote = NotWaitingNote(delay, budget);
            return null;
        }

        return new RetryPlan(RetryKind.Transient, delay, budget.TransientRetries + 1, budget.MaxTransientRetries, reason);
    }

    /// <summary>Why a failure is transient, for the warning; null when it is not.</summary>
    private static string? TransientReason(ApiResponse? response, Exception? exception)
    {
        if (response != null)
        {
            return IsTransientStatus(response.StatusCode) ? "Trackyard answered HTTP " + response.StatusCode.ToString(CultureInfo.InvariantCulture) : null;
        }

        return exception switch
        {
            TrackyardApiException { Kind: TrackyardFailureKind.Timeout } => "Trackyard did not answer in time",
            TrackyardApiException { Kind: TrackyardFailureKind.ConnectionFailed } => "Could not reach Trackyard",
            _ => null,
        };
    }

    /// <summary>A wait of zero (or a date already past) says nothing about when to come back: back off instead.</summary>
    private static TimeSpan? Usable(TimeSpan? retryAfter) => retryAfter > TimeSpan.Zero ? retryAfter : null;

    private static string NotWaitingNote(TimeSpan delay, RetryBudget budget) =>
        $"Not waiting {WaitText.Seconds(delay)} s: that is more than -MaximumRetryWaitSec allows ({WaitText.Seconds(budget.Options.MaxRetryWait)} s"
        + (budget.Waited > TimeSpan.Zero ? $", {WaitText.Seconds(budget.Waited)} s of it already spent)." : ").");
}
