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
        var connection = ResolveConnection();
        var call = CallOptionsFor(connection);
        try
        {
            WriteObject(RunApiCall((token, observer) =>
                connection.Client.GetAccountAsync(call.With(observer), token)));
        }
        catch (TrackyardApiException ex)
        {
            WriteApiError(ex, connection.BaseUri);
        }
    }
}
