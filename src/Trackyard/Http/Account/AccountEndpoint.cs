using System.Net.Http;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>GET /me (free): the account behind the key.</summary>
internal static class AccountEndpoint
{
    /// <summary>Calls GET /me.</summary>
    internal static Task<Account> GetAccountAsync(this TrackyardClient client, CallOptions call, CancellationToken cancellationToken) =>
        client.SendAsync(new ApiRequest(HttpMethod.Get, "me"), (response, token) => JsonBody.ReadAsync(response, Parse, token), call, cancellationToken);

    /// <summary>Parses the body of GET /me.</summary>
    internal static Account Parse(byte[] body) => JsonBody.Parse(body, (ref Utf8JsonReader reader) =>
    {
        var account = new Account { Tier = "unknown" };
        while (JsonFields.NextProperty(ref reader))
        {
            switch (reader.GetString())
            {
                case "tier": account.Tier = JsonFields.String(ref reader, "$.tier") is { } tier && !string.IsNullOrWhiteSpace(tier) ? tier : "unknown"; break;
                case "credits_remaining": account.CreditsRemaining = JsonFields.Integer(ref reader, "$.credits_remaining"); break;
                case "monthly_allowance": account.MonthlyAllowance = JsonFields.Integer(ref reader, "$.monthly_allowance"); break;
                case "rate_limit": ReadRateLimit(ref reader, account); break;
                case "created_at": account.CreatedAt = JsonFields.Date(ref reader, "$.created_at"); break;
                case "last_used_at": account.LastUsedAt = JsonFields.Date(ref reader, "$.last_used_at"); break;
                default: JsonFields.Skip(ref reader); break;
            }
        }

        return account;
    });

    /// <summary><c>rate_limit: { requests_per_minute, requests_per_day }</c>; null for unlimited.</summary>
    private static void ReadRateLimit(ref Utf8JsonReader reader, Account account)
    {
        if (!JsonFields.StartObject(ref reader, "$.rate_limit"))
        {
            return;
        }

        while (JsonFields.NextProperty(ref reader))
        {
            switch (reader.GetString())
            {
                case "requests_per_minute": account.RequestsPerMinute = JsonFields.Int32(ref reader, "$.rate_limit.requests_per_minute"); break;
                case "requests_per_day": account.RequestsPerDay = JsonFields.Int32(ref reader, "$.rate_limit.requests_per_day"); break;
                default: JsonFields.Skip(ref reader); break;
            }
        }
    }
}
