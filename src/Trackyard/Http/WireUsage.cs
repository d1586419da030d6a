using System;
using System.Collections.Generic;
using System.Text.Json.Serialization;

namespace Trackyard;

/// <summary>Response of GET /usage. Every field nullable, as in WireTypes.cs: missing fields are tolerated.</summary>
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

/// <summary>One page of usage and the total the service reported (null when it did not).</summary>
internal sealed class UsagePage
{
    internal UsagePage(IReadOnlyList<UsageRecord> records, long? totalCount)
    {
        Records = records;
        TotalCount = totalCount;
    }

    internal IReadOnlyList<UsageRecord> Records { get; }

    internal long? TotalCount { get; }
}
