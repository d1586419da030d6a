using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Get-TrackyardConnection: writes the current connection, or nothing.
/// Users read its help from docs/help/Get-TrackyardConnection.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrackyardConnection", HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Get-TrackyardConnection.md")]
[OutputType(typeof(Connection))]
public sealed class GetTrackyardConnectionCommand : PSCmdlet
{
    /// <summary>Writes the current connection, if any.</summary>
    protected override void ProcessRecord()
    {
        var connection = CurrentConnection.Value;
        if (connection is null)
        {
            WriteVerbose("Not connected to Trackyard. Run Connect-Trackyard to connect.");
            return;
        }

        WriteObject(connection);
    }
}
