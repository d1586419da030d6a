using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// Get-TrackyardAccount: the account behind the key, from the free GET /me.
/// Users read its help from docs/help/Get-TrackyardAccount.md, which the build turns into MAML.
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrackyardAccount", HelpUri = "https://github.com/trackyard/trackyard-powershell/blob/main/docs/help/Get-TrackyardAccount.md")]
[OutputType(typeof(Account))]
public sealed class GetTrackyardAccountCommand : TrackyardApiCmdlet
{
    /// <summary>Calls GET /me and writes the account.</summary>
    protected override void ProcessRecord()
    {
        if (Call(UsedConnection.BaseUri, (client, call, token) => client.GetAccountAsync(call, token)) is { } account)
        {
            WriteObject(account);
        }
    }
}
