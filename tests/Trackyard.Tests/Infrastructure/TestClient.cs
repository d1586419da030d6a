using Microsoft.Extensions.Time.Testing;

namespace Trackyard.Tests.Infrastructure;

/// <summary>Builds clients and connections against a stub handler.</summary>
public static class TestClient
{
    /// <summary>A key distinctive enough that finding it anywhere is a leak.</summary>
    public const string Key = "trackyard_live_S3cr3tK3yValue9f2a";

    public static readonly Uri BaseUri = new("https://api.trackyard.test/api/external/v1");

    /// <summary>
    /// A client on a fake clock. Without <paramref name="retry"/>, transient failures are not retried, so that a test
    /// of one failure sees exactly that failure; the retry tests pass their own options.
    /// </summary>
    internal static TrackyardClient Create(
        StubHandler handler,
        TimeProvider? time = null,
        RetryOptions? retry = null,
        TimeSpan? timeout = null,
        Action<RateLimitSnapshot>? onRateLimit = null,
        RateLimiterRegistry? limiters = null,
        string key = Key,
        Uri? baseUri = null)
    {
        var options = new TrackyardClientOptions
        {
            BaseUri = baseUri ?? BaseUri,
            UserAgent = UserAgent.Build("7.6.9"),
            Retry = retry ?? new RetryOptions { MaxTransientRetries = 0 },
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
        };
        return new TrackyardClient(ApiKey.FromPlainText(key), options, handler, time ?? new FakeTimeProvider(), onRateLimit, limiters);
    }

    internal static Connection Connect(StubHandler handler, TimeProvider? time = null) =>
        new(BaseUri, ApiKey.FromPlainText(Key), retryOnRateLimit: false, timeoutSec: 100, UserAgent.Build("7.6.9"), handler, time ?? new FakeTimeProvider());

    internal static CallOptions Call(bool retry = false, IApiCallObserver? observer = null) => new(retry, observer);

    internal static async Task<TrackyardApiException> Failure(Func<Task> call) =>
        await Assert.ThrowsAsync<TrackyardApiException>(call);
}

/// <summary>Records what the client reports.</summary>
internal sealed class RecordingObserver : IApiCallObserver, IApiCallWarnings
{
    public List<string> Verbose { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<System.Management.Automation.ProgressRecord> Progress { get; } = new();

    public List<string> Debug { get; } = new();

    public List<(int Attempt, int Max, TimeSpan Delay, string Reason)> Retries { get; } = new();

    public void OnVerbose(string message)
    {
        lock (Verbose)
        {
            Verbose.Add(message);
        }
    }

    public void OnDebug(string message)
    {
        lock (Debug)
        {
            Debug.Add(message);
        }
    }

    public void OnRetryScheduled(int attempt, int maxAttempts, TimeSpan delay, string reason)
    {
        lock (Retries)
        {
            Retries.Add((attempt, maxAttempts, delay, reason));
        }
    }

    public void OnWarning(string message)
    {
        lock (Warnings)
        {
            Warnings.Add(message);
        }
    }

    public void OnProgress(System.Management.Automation.ProgressRecord progress)
    {
        lock (Progress)
        {
            Progress.Add(progress);
        }
    }
}
