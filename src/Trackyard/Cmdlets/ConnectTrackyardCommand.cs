using System;
using System.Collections;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.Management.Automation;
using System.Management.Automation.Host;
using System.Net;
using System.Security;

namespace Trackyard;

/// <summary>
/// Connect-Trackyard: checks an API key with the free GET /me and makes the connection current.
/// Users read its help from docs/help/Connect-Trackyard.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommunications.Connect, "Trackyard", DefaultParameterSetName = EnvironmentSet, HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Connect-Trackyard.md")]
[OutputType(typeof(Connection))]
public sealed class ConnectTrackyardCommand : TrackyardCmdlet
{
    /// <summary>The parameter set that takes the key as a SecureString.</summary>
    public const string ApiKeySet = "ApiKey";

    /// <summary>The parameter set that takes the key as a credential's password.</summary>
    public const string CredentialSet = "Credential";

    /// <summary>The parameter set that reads the key from TRACKYARD_API_KEY.</summary>
    public const string EnvironmentSet = "Environment";

    /// <summary>The environment variable read when no key is given.</summary>
    public const string ApiKeyVariable = "TRACKYARD_API_KEY";

    /// <summary>
    /// For tests only: the minute window, in seconds (above 0, at most 60), assumed when the server does not say when
    /// its window frees up; matches an emulator started with a short --minute-seconds. Anything else is ignored.
    /// </summary>
    public const string MinuteWindowVariable = "TRACKYARD_MINUTE_WINDOW_SEC";

    /// <summary>The API key.</summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = ApiKeySet)]
    [ValidateNotNull]
    public SecureString? ApiKey { get; set; }

    /// <summary>A credential whose password is the API key; the user name is ignored.</summary>
    [Parameter(Mandatory = true, ParameterSetName = CredentialSet)]
    [ValidateNotNull]
    public PSCredential? Credential { get; set; }

    /// <summary>The API base address; default https://api.trackyard.com/api/external/v1. Plain http only to loopback.</summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? BaseUri { get; set; }

    /// <summary>Make calls on this connection wait out rate limits by default.</summary>
    [Parameter]
    public SwitchParameter RetryOnRateLimit { get; set; }

    /// <summary>The per-request timeout in seconds (1–3600, default 100).</summary>
    [Parameter]
    [ValidateRange(1, 3600)]
    public int TimeoutSec { get; set; } = TrackyardClientOptions.DefaultTimeoutSeconds;

    /// <summary>How many times calls on this connection retry a rate-limited request (0–20, default 5).</summary>
    [Parameter]
    [ValidateRange(0, 20)]
    public int MaximumRetryCount { get; set; } = RetryOptions.DefaultMaxRetryCount;

    /// <summary>The most a call on this connection waits in total for rate limits and retries, in seconds (0–86400, default 300).</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int MaximumRetryWaitSec { get; set; } = RetryOptions.DefaultMaxRetryWaitSeconds;

    /// <summary>
    /// A proxy for every request of this connection, such as http://proxy.example:8080, used even for addresses on
    /// this machine. Without it the system proxy is used, and the environment variables HTTPS_PROXY, HTTP_PROXY and
    /// NO_PROXY when they are set.
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Uri? Proxy { get; set; }

    /// <summary>The user name and password for -Proxy, sent when the proxy asks for them (HTTP 407). Needs -Proxy.</summary>
    [Parameter]
    [ValidateNotNull]
    [Credential]
    public PSCredential? ProxyCredential { get; set; }

    /// <summary>
    /// The most credits calls on this connection may spend (0 or more); without it there is no limit. Each search
    /// page or download reserves a credit before it is sent, and a call that would go beyond the limit fails with
    /// CreditLimitReached without sending anything.
    /// </summary>
    [Parameter]
    [ValidateRange(0L, long.MaxValue)]
    public long? CreditLimit { get; set; }

    /// <summary>How long a search page is served from this connection's cache, in seconds (0–86400, default 600); 0 turns the cache off.</summary>
    [Parameter]
    [ValidateRange(0, 86400)]
    public int SearchCacheSec { get; set; } = SearchCache.DefaultLifetimeSeconds;

    /// <summary>Make the new connection current and also write it to the pipeline.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// Write the new connection to the pipeline for -Connection and leave the current connection as it is: a second
    /// connection beside the current one.
    /// </summary>
    [Parameter]
    public SwitchParameter ReturnConnection { get; set; }

    /// <summary>Validates the input, checks the key with GET /me, and stores the connection.</summary>
    protected override void ProcessRecord()
    {
        ApiKey key;
        Uri baseUri;
        IWebProxy? proxy;
        try
        {
            baseUri = BaseUriPolicy.Normalize(BaseUri);
            proxy = ProxyPolicy.Create(Proxy, ProxyCredential?.UserName, ProxyCredential?.Password, baseUri);
            key = ReadKey();
        }
        catch (TrackyardApiException ex)
        {
            ThrowApiError(ex, BaseUri);
            return;
        }

        if (BaseUri != null && BaseUriPolicy.AddedApiPath(BaseUri, baseUri))
        {
            WriteVerbose($"The base URI has no path; using {baseUri}, where the API lives.");
        }

        var connection = new Connection(
            baseUri,
            key,
            RetryOnRateLimit.IsPresent,
            TimeoutSec,
            UserAgent.Build(PowerShellVersion()),
            maximumRetryCount: MaximumRetryCount,
            maximumRetryWaitSec: MaximumRetryWaitSec,
            proxy: proxy,
            minuteWindow: TestMinuteWindow(),
            creditLimit: CreditLimit,
            searchCacheSec: SearchCacheSec);
        Account account;
        try
        {
            var check = new CallOptions(RetryOnRateLimit.IsPresent) { IsConnectCheck = true };
            account = Pump((observer, token) => connection.Client.GetAccountAsync(check.With(observer), token));
        }
        catch (TrackyardApiException ex)
        {
            connection.Dispose();
            if (ex.Kind == TrackyardFailureKind.NotFound)
            {
                ex.Note = $"There is no Trackyard API at {baseUri}: check -BaseUri (the API's address ends with /api/external/v1, such as {BaseUriPolicy.Default}).";
                ex.Advice = "Check -BaseUri of Connect-Trackyard.";
            }

            ThrowApiError(ex, baseUri);
            return;
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        connection.Tier = account.Tier;
        if (ReturnConnection)
        {
            WriteVerbose($"Connected to {baseUri} as tier {connection.Tier} (key {connection.KeySuffix}); the current connection is unchanged.");
            WriteObject(connection);
            return;
        }

        // The replaced connection is not disposed: a copy kept from -PassThru or -ReturnConnection may still be in use.
        CurrentConnection.Exchange(connection);
        WriteVerbose($"Connected to {baseUri} as tier {connection.Tier} (key {connection.KeySuffix})");
        if (PassThru)
        {
            WriteObject(connection);
        }
    }

    private ApiKey ReadKey()
    {
        switch (ParameterSetName)
        {
            case ApiKeySet:
                return Trackyard.ApiKey.FromSecureString(ApiKey);
            case CredentialSet:
                return Trackyard.ApiKey.FromSecureString(Credential!.Password);
            default:
                var fromEnvironment = Environment.GetEnvironmentVariable(ApiKeyVariable);
                if (!string.IsNullOrEmpty(fromEnvironment))
                {
                    WriteVerbose($"Reading the API key from the environment variable {ApiKeyVariable}.");
                    return Trackyard.ApiKey.FromPlainText(fromEnvironment);
                }

                return Prompted() ?? throw new TrackyardApiException(
                    TrackyardFailureKind.InvalidInput,
                    $"No API key: pass -ApiKey or -Credential, or set the environment variable {ApiKeyVariable}.");
        }
    }

    /// <summary>
    /// In an interactive session, asks for the key with a masked prompt (as Read-Host -AsSecureString does); null where
    /// nobody can answer (a runbook, pwsh -NonInteractive, a host without a console).
    /// </summary>
    private ApiKey? Prompted()
    {
        var field = new FieldDescription("Trackyard API key") { IsMandatory = true };
        field.SetParameterType(typeof(SecureString));
        Dictionary<string, PSObject> answers;
        try
        {
            // The host prompts masked for a SecureString field; a host that cannot prompt throws before it writes.
            answers = Host.UI.Prompt(
                "Connect-Trackyard",
                $"No API key was given and {ApiKeyVariable} is not set. Type or paste the key (it is not shown).",
                new Collection<FieldDescription> { field });
        }
        catch (Exception ex) when (ex is PSInvalidOperationException or HostException or NotImplementedException or NotSupportedException or InvalidOperationException)
        {
            return null;
        }

        if (answers is null || !answers.TryGetValue(field.Name, out var answer) || answer?.BaseObject is not SecureString typed)
        {
            return null;
        }

        using (typed)
        {
            return Trackyard.ApiKey.FromSecureString(typed);
        }
    }

    /// <summary>The test minute window from <see cref="MinuteWindowVariable"/>'s text; null unless a number above 0 and at most 60.</summary>
    internal static TimeSpan? ParseMinuteWindow(string? text) =>
        double.TryParse(text, System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds)
            && seconds > 0 && seconds <= 60
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private static TimeSpan? TestMinuteWindow() => ParseMinuteWindow(Environment.GetEnvironmentVariable(MinuteWindowVariable));

    private string? PowerShellVersion() =>
        (SessionState.PSVariable.GetValue("PSVersionTable") as IDictionary)?["PSVersion"]?.ToString();
}
