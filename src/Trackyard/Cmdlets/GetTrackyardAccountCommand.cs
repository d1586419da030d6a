using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// <para type="synopsis">Gets the Trackyard account behind the API key: tier, credits and rate limits (free).</para>
/// </summary>
[Cmdlet(VerbsCommon.Get, "TrackyardAccount")]
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
