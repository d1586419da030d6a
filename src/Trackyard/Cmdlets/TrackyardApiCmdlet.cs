using System;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Base of the cmdlets that call the API: <c>-Connection</c>, <c>-RetryOnRateLimit</c>, <c>-MaximumRetryCount</c>,
/// <c>-MaximumRetryWaitSec</c>, and <see cref="Call{T}"/>, which runs one API call on the connection with this
/// invocation's choices.
/// </summary>
public abstract class TrackyardApiCmdlet : TrackyardCmdlet
{
    private Connection? _connection;
    private CallOptions? _options;

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

    /// <summary>The connection this invocation uses: -Connection, else the current one, else a terminating NotConnected error.</summary>
    private protected Connection UsedConnection => _connection ??= ResolveConnection();

    /// <summary>This invocation's choices for its calls, made once, on the pipeline thread.</summary>
    private CallOptions Options => _options ??= OptionsFor(UsedConnection);

    /// <summary>
    /// Runs one API call on <see cref="UsedConnection"/> with this invocation's choices, while this (pipeline) thread
    /// writes what the call reports. A failure becomes the error table's ErrorRecord about <paramref name="target"/>:
    /// thrown when the table says it ends the pipeline, otherwise written, and the result is then null.
    /// </summary>
    private protected T? Call<T>(object? target, Func<TrackyardClient, CallOptions, CancellationToken, Task<T>> call)
        where T : class
    {
        var client = UsedConnection.Client;
        var options = Options;
        try
        {
            return Pump((observer, token) => call(client, options.With(observer), token));
        }
        catch (TrackyardApiException ex)
        {
            WriteApiError(ex, target);
            return null;
        }
    }

    /// <summary>
    /// The closing verbose line of a cmdlet that can spend credits: <paramref name="work"/> (such as "Search done: 3
    /// pages (1 from the cache)"), what this invocation's requests cost, the credits Trackyard last said are left,
    /// and, with -CreditLimit, what is left of the connection's limit.
    /// </summary>
    private protected void WriteCostLine(string work)
    {
        if (!VerboseOn)
        {
            return;
        }

        var tally = Options.Tally;
        var connection = UsedConnection;
        var spent = CreditBudget.Credits(tally.Charged) + " spent";
        if (tally.MaybeCharged > 0)
        {
            spent += $" (and {tally.MaybeCharged} more may have been)";
        }

        var left = connection.CreditsRemaining is long remaining
            ? CreditBudget.Credits(remaining) + " left on the account"
            : "no credit balance reported (unlimited)";
        var limit = connection.Client.Credits is { Limit: long max, Left: long free }
            ? $"; {free} of this connection's -CreditLimit {max} left"
            : string.Empty;
        WriteVerbose($"{work}, {spent}; {left}{limit}.");
    }

    private Connection ResolveConnection()
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

    /// <summary>The parameters given, else the connection's defaults. Read on the pipeline thread.</summary>
    private CallOptions OptionsFor(Connection connection)
    {
        var bound = MyInvocation.BoundParameters;
        return new CallOptions(bound.ContainsKey(nameof(RetryOnRateLimit)) ? RetryOnRateLimit.IsPresent : connection.RetryOnRateLimit)
        {
            MaxRetryCount = bound.ContainsKey(nameof(MaximumRetryCount)) ? MaximumRetryCount : null,
            MaxRetryWait = bound.ContainsKey(nameof(MaximumRetryWaitSec)) ? TimeSpan.FromSeconds(MaximumRetryWaitSec) : null,
        };
    }
}
