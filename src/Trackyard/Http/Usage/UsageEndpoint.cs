using System;
using System.Globalization;
using System.Linq;
using System.Net.Http;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>GET /usage (free): one page of the key's calls, newest first, and the total the service holds.</summary>
internal static class UsageEndpoint
{
    /// <summary>Calls GET /usage for one page.</summary>
    internal static Task<UsagePage> GetUsageAsync(this TrackyardClient client, int offset, int limit, CallOptions call, CancellationToken cancellationToken) =>
        client.SendAsync(
            new ApiRequest(HttpMethod.Get, string.Format(CultureInfo.InvariantCulture, "usage?limit={0}&offset={1}", limit, offset)),
            (response, token) => JsonBody.ReadAsync(response, Parse, token),
            call,
            cancellationToken);

    /// <summary>Parses the body of GET /usage: the records in the order sent (newest first) and total_count.</summary>
    internal static UsagePage Parse(byte[] body)
    {
        var wire = JsonBody.Deserialize<WireUsagePage>(body);
        if (wire.Usage is null)
        {
            throw JsonBody.Invalid("The usage response has no 'usage' list.");
        }

        if (wire.TotalCount < 0)
        {
            throw JsonBody.Invalid("The usage response has a negative total_count.");
        }

        var records = wire.Usage.Where(r => r != null).Select(r => ToUsageRecord(r!)).ToList();
        return new UsagePage(records, wire.TotalCount);
    }

    private static UsageRecord ToUsageRecord(WireUsageRecord wire)
    {
        if (wire.Timestamp is not DateTimeOffset timestamp)
        {
            throw JsonBody.Invalid("A usage record in the response has no timestamp.");
        }

        var milliseconds = wire.ResponseTimeMs ?? 0;
        if (milliseconds < 0 || milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            throw JsonBody.Invalid("A usage record in the response has an impossible response_time_ms.");
        }

        return new UsageRecord
        {
            Timestamp = timestamp,
            Endpoint = DisplayText.Clean(wire.Endpoint, 200) ?? string.Empty,
            StatusCode = wire.StatusCode ?? 0,
            CreditsConsumed = wire.CreditsConsumed ?? 0,
            ResponseTime = TimeSpan.FromTicks((long)Math.Round(milliseconds * TimeSpan.TicksPerMillisecond)),
        };
    }
}

/// <summary>Response of GET /usage. Every field nullable: missing fields are tolerated.</summary>
internal sealed class WireUsagePage
{
    [JsonPropertyName("usage")]
    public WireUsageRecord?[]? Usage { get; set; }

    [JsonPropertyName("total_count")]
    public long? TotalCount { get; set; }

    [JsonPropertyName("offset")]
    public long? Offset { get; set; }

    [JsonPropertyName("limit")]
    public long? Limit { get; set; }
}

/// <summary>One record of GET /usage as the API sends it.</summary>
internal sealed class WireUsageRecord
{
    [JsonPropertyName("timestamp")]
    public DateTimeOffset? Timestamp { get; set; }

    [JsonPropertyName("endpoint")]
    public string? Endpoint { get; set; }

    [JsonPropertyName("status_code")]
    public int? StatusCode { get; set; }

    [JsonPropertyName("credits_consumed")]
    public long? CreditsConsumed { get; set; }

    [JsonPropertyName("response_time_ms")]
    public double? ResponseTimeMs { get; set; }
}
