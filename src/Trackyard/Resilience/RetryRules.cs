using System;
using Trackyard.Resilience;

namespace Trackyard;

/// <summary>
/// The 429 retry (the outer Polly retry strategy): only with -RetryOnRateLimit, after the wait the service asks for
/// (Retry-After plus a margin) or, when it does not say, an exponential wait; as often as -MaximumRetryWaitSec allows,
/// and at most -MaximumRetryCount times when the service does not say when to come back.
/// </summary>
internal sealed class RateLimitRetry : IRetryRule<ApiCall>
{
    public string Name => "Trackyard.RateLimit";

    /// <summary>Unbounded here: the call's wait budget, which only the call knows, ends the retries.</summary>
    public int MaxRetries => int.MaxValue;

    public bool ShouldRetry(Exception failure, int retriesSoFar, ApiCall call)
    {
        if (failure is not TrackyardApiException { StatusCode: 429 } limited || !call.MayWaitForRateLimit)
        {
            return false;
        }

        var asked = Usable(limited.RetryAfter);
        if (asked is null && retriesSoFar >= call.MaxRetryCount)
        {
            limited.Note = call.MaxRetryCount == 0
                ? "Not retried: -MaximumRetryCount is 0."
                : $"Gave up after {call.MaxRetryCount} retries (-MaximumRetryCount) without a Retry-After to go by.";
            return false;
        }

        var longest = asked + call.Settings.RetryAfterMargin ?? Backoff.RateLimitFallbackLongest(retriesSoFar, call.Settings);
        if (longest > call.WaitLeft)
        {
            limited.Note = call.TooLongNote(longest);
            limited.Advice = "Raise -MaximumRetryWaitSec to wait that long, or run the command again after the time above.";
            return false;
        }

        return true;
    }

    public TimeSpan Delay(Exception failure, int retriesSoFar, ApiCall call)
    {
        var delay = Usable(((TrackyardApiException)failure).RetryAfter) + call.Settings.RetryAfterMargin
            ?? Backoff.RateLimitFallback(retriesSoFar, call.Settings);
        call.Spend(delay);
        return delay;
    }

    public void OnRetry(Exception failure, int retryNumber, TimeSpan delay, ApiCall call)
    {
        var counted = Usable(((TrackyardApiException)failure).RetryAfter) is null ? call.MaxRetryCount : (int?)null;
        WaitText.AnnounceRetry("Rate limited by Trackyard (HTTP 429)", delay, retryNumber, counted, call);
    }

    /// <summary>A wait of zero (or a date already past) says nothing about when to come back: back off instead.</summary>
    internal static TimeSpan? Usable(TimeSpan? retryAfter) => retryAfter > TimeSpan.Zero ? retryAfter : null;
}

/// <summary>
/// The transient retry (the inner Polly retry strategy): statuses the error table marks transient (408, 500, 502,
/// 503, 504), and connections that failed — but a charged request only when it certainly never reached the service,
/// so that no credit is spent twice. A few times (the connection's setting, never more than -MaximumRetryCount),
/// after Retry-After when given, else a randomised exponential wait.
/// </summary>
internal sealed class TransientRetry : IRetryRule<ApiCall>
{
    private readonly int _maxRetries;

    internal TransientRetry(int maxRetries) => _maxRetries = maxRetries;

    public string Name => "Trackyard.Transient";

    public int MaxRetries => _maxRetries;

    public bool ShouldRetry(Exception failure, int retriesSoFar, ApiCall call)
    {
        if (failure is not TrackyardApiException transient || !IsTransient(transient, call.Request)
            || retriesSoFar >= Math.Min(_maxRetries, call.MaxRetryCount))
        {
            return false;
        }

        var longest = RateLimitRetry.Usable(transient.RetryAfter) + call.Settings.RetryAfterMargin ?? Backoff.Exponential(retriesSoFar, call.Settings);
        if (longest > call.WaitLeft)
        {
            transient.Note = call.TooLongNote(longest);
            return false;
        }

        return true;
    }

    public TimeSpan Delay(Exception failure, int retriesSoFar, ApiCall call)
    {
        var delay = RateLimitRetry.Usable(((TrackyardApiException)failure).RetryAfter) + call.Settings.RetryAfterMargin
            ?? Backoff.FullJitter(retriesSoFar, call.Settings);
        call.Spend(delay);
        return delay;
    }

    public void OnRetry(Exception failure, int retryNumber, TimeSpan delay, ApiCall call) =>
        WaitText.AnnounceRetry(Reason((TrackyardApiException)failure), delay, retryNumber, Math.Min(_maxRetries, call.MaxRetryCount), call);

    /// <summary>Whether asking again may well succeed, and costs nothing twice.</summary>
    internal static bool IsTransient(TrackyardApiException failure, ApiRequest request)
    {
        if (failure.Delivery == Delivery.Answered)
        {
            return failure.StatusCode is int status && ErrorTable.ForStatus(status).Retry == RetryClass.Transient;
        }

        var kindRetried = failure.Kind is TrackyardFailureKind.ConnectionFailed or TrackyardFailureKind.Timeout;
        return kindRetried && (failure.Delivery == Delivery.NotSent || !request.Charged);
    }

    private static string Reason(TrackyardApiException failure) => failure switch
    {
        { Delivery: Delivery.Answered, StatusCode: int status } => "Trackyard answered HTTP " + status,
        { Kind: TrackyardFailureKind.Timeout } => "Trackyard did not answer in time",
        _ => "Could not reach Trackyard",
    };
}
