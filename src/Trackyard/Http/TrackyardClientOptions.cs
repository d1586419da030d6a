using System;

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
}
