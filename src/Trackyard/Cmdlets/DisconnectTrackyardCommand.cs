using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Disconnect-Trackyard: forgets the current connection and closes its HTTP client.
/// Users read its help from docs/help/Disconnect-Trackyard.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommunications.Disconnect, "Trackyard", HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Disconnect-Trackyard.md")]
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
