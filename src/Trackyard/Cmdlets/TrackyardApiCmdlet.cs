using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Base of the cmdlets that call the API: <c>-Connection</c>, <c>-RetryOnRateLimit</c>, and the resolution of
/// the connection to use.
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
}
