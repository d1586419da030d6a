using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// <para type="synopsis">Forgets the current Trackyard connection and closes its HTTP client.</para>
/// <para type="description">Succeeds silently when nothing is connected.</para>
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Trackyard")]
public sealed class DisconnectTrackyardCommand : PSCmdlet
{
    /// <summary>Clears and disposes the current connection.</summary>
    protected override void ProcessRecord()
    {
        var previous = CurrentConnection.Exchange(null);
        if (previous is null)
        {
            WriteVerbose("Not connected to Trackyard; nothing to disconnect.");
            return;
        }

        previous.Dispose();
        WriteVerbose($"Disconnected from {previous.BaseUri} (key {previous.KeySuffix}).");
    }
}
