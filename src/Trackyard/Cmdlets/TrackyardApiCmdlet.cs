using System;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Base of the cmdlets that call the API: <c>-Connection</c>, <c>-RetryOnRateLimit</c>, <c>-MaximumRetryCount</c>,
/// <c>-MaximumRetryWaitSec</c>, and the resolution of the connection and call options to use.
/// </summary>
public abstract class TrackyardApiCmdlet : TrackyardCmdlet
{
    private protected TrackyardApiCmdlet()
    {
    }

    /// <summary>The connection to use (from <c>Connect-Trackyard -PassThru</c>); default: the current one.</summary>
    [Parameter]
    [ValidateNotNull]
    public Connection? Connection { get; set; }

    /// <summary>Wait out rate limits (429) and retry; when not given, the connection's default applies.</summary>
    [Parameter]
    public SwitchParameter RetryOnRateLimit { get; set; }

    /// <summary>How many times a rate-limited request is retried (0–20); when not given, the connection's default (5).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaximumRetryCount { get; set; }

    /// <summary>The most this call waits in total for rate limits and retries, in seconds (0–86400); when not given, the connection's default (300).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int MaximumRetryWaitSec { get; set; }

    /// <summary>-Connection, else the current connection, else a terminating NotConnected error.</summary>
    private protected Connection ResolveConnection()
    {
        var connection = Connection ?? CurrentConnection.Value;
        if (connection is null)
        {
            ThrowApiError(
                new TrackyardApiException(
                    TrackyardFailureKind.NotConnected,
                    "Not connected to Trackyard. Run Connect-Trackyard first (or pass -Connection)."),
                target: null);
        }

        return connection!;
    }

    /// <summary>-RetryOnRateLimit when given, else the connection's default. Read on the pipeline thread.</summary>
    private protected bool RetryOnRateLimitFor(Connection connection) =>
        MyInvocation.BoundParameters.ContainsKey(nameof(RetryOnRateLimit))
            ? RetryOnRateLimit.IsPresent
            : connection.RetryOnRateLimit;

    /// <summary>
    /// The retry choices of this invocation: the parameters given, else the connection's defaults. Read on the
    /// pipeline thread; pass <c>call.With(observer)</c> to the client inside <c>RunApiCall</c>.
    /// </summary>
    private protected CallOptions CallOptionsFor(Connection connection) => new(RetryOnRateLimitFor(connection))
    {
        MaxRetryCount = MyInvocation.BoundParameters.ContainsKey(nameof(MaximumRetryCount)) ? MaximumRetryCount : null,
        MaxRetryWait = MyInvocation.BoundParameters.ContainsKey(nameof(MaximumRetryWaitSec)) ? TimeSpan.FromSeconds(MaximumRetryWaitSec) : null,
    };
}
