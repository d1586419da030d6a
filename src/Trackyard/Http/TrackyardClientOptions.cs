using System;
using System.Net;

namespace Trackyard;

/// <summary>Settings of one client (one connection).</summary>
internal sealed class TrackyardClientOptions
{
    internal const int DefaultTimeoutSeconds = 100;

    /// <summary>The normalised base URI (see <see cref="BaseUriPolicy"/>).</summary>
    internal Uri BaseUri { get; set; } = BaseUriPolicy.Default;

    /// <summary>Per-request timeout, separate from the caller's cancellation.</summary>
    internal TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(DefaultTimeoutSeconds);

    internal string UserAgent { get; set; } = Trackyard.UserAgent.Build(null);

    internal RetryOptions Retry { get; set; } = new();

    /// <summary>
    /// The proxy for every request of this client (-Proxy/-ProxyCredential). Null = the default: the system proxy,
    /// which on PowerShell 7 comes from HTTPS_PROXY, HTTP_PROXY, ALL_PROXY and NO_PROXY when they are set.
    /// </summary>
    internal IWebProxy? Proxy { get; set; }

    /// <summary>The most credits the client may spend (-CreditLimit); null = no limit.</summary>
    internal long? CreditLimit { get; set; }

    /// <summary>How long a search page is served from the cache (-SearchCacheSec); zero = no cache.</summary>
    internal TimeSpan SearchCacheLifetime { get; set; } = SearchCache.DefaultLifetime;
}
