using Microsoft.Extensions.Time.Testing;

namespace Trackyard.Tests.Infrastructure;

/// <summary>Builds clients and connections against a stub handler.</summary>
public static class TestClient
{
    /// <summary>A key distinctive enough that finding it anywhere is a leak.</summary>
    public const string Key = "trackyard_live_S3cr3tK3yValue9f2a";

    public static readonly Uri BaseUri = new("https://api.trackyard.test/api/external/v1");

    /// <summary>Cleans wire text for the test key, as a client of it would.</summary>
    internal static readonly WireText Wire = new(ApiKey.FromPlainText(Key));

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
        Uri? baseUri = null,
        long? creditLimit = null,
        TimeSpan? searchCacheLifetime = null)
    {
        var options = new TrackyardClientOptions
        {
            BaseUri = baseUri ?? BaseUri,
            UserAgent = UserAgent.Build("7.6.9"),
            Retry = retry ?? new RetryOptions { MaxTransientRetries = 0 },
            Timeout = timeout ?? TimeSpan.FromSeconds(100),
            CreditLimit = creditLimit,
            SearchCacheLifetime = searchCacheLifetime ?? SearchCache.DefaultLifetime,
        };
        return new TrackyardClient(ApiKey.FromPlainText(key), options, handler, time ?? new FakeTimeProvider(), onRateLimit, limiters);
    }

    internal static Connection Connect(StubHandler handler, TimeProvider? time = null) =>
        new(BaseUri, ApiKey.FromPlainText(Key), retryOnRateLimit: false, timeoutSec: 100, UserAgent.Build("7.6.9"), handler, time ?? new FakeTimeProvider());

    /// <summary>A download body reader that reads nothing (for tests of the request and the headers).</summary>
    internal static Task<TrackDownload> ReadNothing(TrackDownload download, CancellationToken cancellationToken) => Task.FromResult(download);

    internal static CallOptions Call(bool retry = false, IApiCallObserver? observer = null) => new(retry, observer);

    internal static async Task<TrackyardApiException> Failure(Func<Task> call) =>
        await Assert.ThrowsAsync<TrackyardApiException>(call);
}

/// <summary>Records what the client reports.</summary>
internal sealed class RecordingObserver : IApiCallObserver
{
    public bool VerboseOn => true;

    public bool DebugOn => true;

    public List<string> Verbose { get; } = new();

    public List<string> Warnings { get; } = new();

    public List<System.Management.Automation.ProgressRecord> Progress { get; } = new();

    public List<string> Debug { get; } = new();

    /// <summary>The retry warnings ("…; retrying in 42 s (retry 1 of 5)").</summary>
    public List<string> Retries
    {
        get
        {
            lock (Warnings)
            {
                return Warnings.Where(w => w.Contains("; retrying in ")).ToList();
            }
        }
    }

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
