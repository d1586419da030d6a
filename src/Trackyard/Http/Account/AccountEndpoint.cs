using System;
using System.Net.Http;
using System.Text.Json.Serialization;
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
    internal static Account Parse(byte[] body)
    {
        var wire = JsonBody.Deserialize<WireAccount>(body);
        return new Account
        {
            Tier = string.IsNullOrWhiteSpace(wire.Tier) ? "unknown" : wire.Tier!,
            CreditsRemaining = wire.CreditsRemaining,
            MonthlyAllowance = wire.MonthlyAllowance,
            RequestsPerMinute = wire.RateLimit?.RequestsPerMinute,
            RequestsPerDay = wire.RateLimit?.RequestsPerDay,
            CreatedAt = wire.CreatedAt,
            LastUsedAt = wire.LastUsedAt,
        };
    }
}

/// <summary>Response of GET /me.</summary>
internal sealed class WireAccount
{
    [JsonPropertyName("tier")]
    public string? Tier { get; set; }

    [JsonPropertyName("credits_remaining")]
    public long? CreditsRemaining { get; set; }

    [JsonPropertyName("monthly_allowance")]
    public long? MonthlyAllowance { get; set; }

    [JsonPropertyName("rate_limit")]
    public WireRateLimit? RateLimit { get; set; }

    [JsonPropertyName("created_at")]
    public DateTimeOffset? CreatedAt { get; set; }

    [JsonPropertyName("last_used_at")]
    public DateTimeOffset? LastUsedAt { get; set; }
}

/// <summary>The <c>rate_limit</c> object of GET /me.</summary>
internal sealed class WireRateLimit
{
    [JsonPropertyName("requests_per_minute")]
    public int? RequestsPerMinute { get; set; }

    [JsonPropertyName("requests_per_day")]
    public int? RequestsPerDay { get; set; }
}
