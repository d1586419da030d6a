using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// <para type="synopsis">Gets the current Trackyard connection: base URI, tier, key suffix, last rate-limit headers.</para>
/// <para type="description">Writes nothing (and no error) when not connected.</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrackyardConnection")]
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
