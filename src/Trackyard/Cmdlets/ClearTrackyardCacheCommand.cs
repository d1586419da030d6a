using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Clear-TrackyardCache: empties a connection's search cache, so that the next searches ask Trackyard again.
/// Users read its help from docs/help/Clear-TrackyardCache.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommon.Clear, "TrackyardCache", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Low,
    HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Clear-TrackyardCache.md")]
[OutputType(typeof(Connection))]
public sealed class ClearTrackyardCacheCommand : PSCmdlet
{
    /// <summary>The connection whose cache to empty (from <c>Connect-Trackyard -PassThru</c>); default: the current one.</summary>
    [Parameter(ValueFromPipeline = true)]
    [ValidateNotNull]
    public Connection? Connection { get; set; }

    /// <summary>Write the connection to the pipeline once its cache is empty.</summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>Empties the cache of the given or the current connection; without either it does nothing.</summary>
    protected override void ProcessRecord()
    {
        var connection = Connection ?? CurrentConnection.Value;
        if (connection is null)
        {
            WriteVerbose("Not connected to Trackyard; there is no search cache to clear.");
            return;
        }

        if (ShouldProcess($"{connection.BaseUri} (key {connection.KeySuffix})", "Clear the search cache"))
        {
            var count = connection.Client.SearchCache.Clear();
            WriteVerbose($"Cleared the search cache of {connection.BaseUri} (key {connection.KeySuffix}): {count} {(count == 1 ? "page" : "pages")} removed.");
        }

        if (PassThru)
        {
            WriteObject(connection);
        }
    }
}
