using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;

namespace Trackyard;

/// <summary>
/// A connection to Trackyard, made by Connect-Trackyard. It shows which service and key it uses (only the key's
/// last 4 characters), the last rate-limit headers seen, and what it spent against its credit limit; the key itself
/// is never readable from it.
/// </summary>
public sealed class Connection : IDisposable
{
    /// <summary>Rate-limit registries for a test minute window, one per window length, so connections with the same window share a key's limiter.</summary>
    private static readonly ConcurrentDictionary<TimeSpan, RateLimiterRegistry> TestWindowRegistries = new();

    private volatile RateLimitSnapshot? _lastRateLimit;

    internal Connection(
        Uri baseUri,
        ApiKey key,
        bool retryOnRateLimit,
        int timeoutSec,
        string userAgent,
        HttpMessageHandler? handler = null,
        TimeProvider? timeProvider = null,
        int maximumRetryCount = RetryOptions.DefaultMaxRetryCount,
        int maximumRetryWaitSec = RetryOptions.DefaultMaxRetryWaitSeconds,
        IWebProxy? proxy = null,
        TimeSpan? minuteWindow = null,
        long? creditLimit = null,
        int searchCacheSec = SearchCache.DefaultLifetimeSeconds)
    {
        BaseUri = baseUri;
        KeySuffix = key.Suffix;
        RetryOnRateLimit = retryOnRateLimit;
        TimeoutSec = timeoutSec;
        MaximumRetryCount = maximumRetryCount;
        MaximumRetryWaitSec = maximumRetryWaitSec;
        Proxy = (proxy as WebProxy)?.Address;
        SearchCacheSec = searchCacheSec;
        ConnectedAt = (timeProvider ?? TimeProvider.System).GetUtcNow();
        var options = new TrackyardClientOptions
        {
            BaseUri = baseUri,
            Timeout = TimeSpan.FromSeconds(timeoutSec),
            UserAgent = userAgent,
            Retry = new RetryOptions
            {
                MaxRetryCount = maximumRetryCount,
                MaxRetryWait = TimeSpan.FromSeconds(maximumRetryWaitSec),
            },
            Proxy = proxy,
            CreditLimit = creditLimit,
            SearchCacheLifetime = TimeSpan.FromSeconds(searchCacheSec),
        };

        // A test minute window (TRACKYARD_MINUTE_WINDOW_SEC) must reach the key's shared limiter, which the
        // process-wide registry builds with the documented window.
        RateLimiterRegistry? limiters = null;
        if (minuteWindow is { } window && timeProvider is null)
        {
            options.Retry.MinuteWindow = window;
            limiters = TestWindowRegistries.GetOrAdd(window, _ => new RateLimiterRegistry(TimeProvider.System, options.Retry, KeyStateFile.UserFolder()));
        }

        Client = new TrackyardClient(key, options, handler, timeProvider, snapshot => _lastRateLimit = snapshot, limiters);
    }

    /// <summary>The API base address, e.g. https://api.trackyard.com/api/external/v1.</summary>
    public Uri BaseUri { get; }

    /// <summary>The plan of the key (free, starter, pro), as GET /me reported it.</summary>
    public string Tier { get; internal set; } = "unknown";

    /// <summary>"…" and the key's last 4 characters.</summary>
    public string KeySuffix { get; }

    /// <summary>When the connection was made.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>Whether calls on this connection wait out rate limits unless told otherwise.</summary>
    public bool RetryOnRateLimit { get; }

    /// <summary>The per-request timeout in seconds.</summary>
    public int TimeoutSec { get; }

    /// <summary>How many times calls retry a rate-limited request unless told otherwise.</summary>
    public int MaximumRetryCount { get; }

    /// <summary>The most a call waits in total (rate limits and retries), in seconds, unless told otherwise.</summary>
    public int MaximumRetryWaitSec { get; }

    /// <summary>The proxy every request of this connection goes through (-Proxy); null = the system proxy.</summary>
    public Uri? Proxy { get; }

    /// <summary>The rate-limit and credit headers of the latest response on this connection.</summary>
    public RateLimitSnapshot? LastRateLimit => _lastRateLimit;

    /// <summary>The most credits this connection may spend (-CreditLimit); null = no limit.</summary>
    public long? CreditLimit => Client.Credits.Limit;

    /// <summary>The credits this connection spent, counted from the answers to its searches and downloads.</summary>
    public long CreditsSpent => Client.Credits.Spent;

    /// <summary>The credits left on the account, as the latest answer on this connection said (X-Credits-Remaining); null = unlimited or not said.</summary>
    public long? CreditsRemaining => _lastRateLimit?.CreditsRemaining;

    /// <summary>How long a search page is served from this connection's cache, in seconds; 0 = no cache.</summary>
    public int SearchCacheSec { get; }

    /// <summary>The HTTP layer of this connection.</summary>
    internal TrackyardClient Client { get; }

    /// <summary>A one-line description; never the key.</summary>
    public override string ToString() => $"Trackyard {Tier} @ {BaseUri} (key {KeySuffix})";

    /// <summary>
    /// Closes the connection: new calls fail; calls in flight finish, then the HTTP client closes and the key is
    /// wiped. The search cache is emptied at once.
    /// </summary>
    public void Dispose()
    {
        Client.Dispose();
        Client.SearchCache.Clear();
    }
}
