using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Text.Json;
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
    internal static UsagePage Parse(byte[] body) => JsonBody.Parse(body, (ref Utf8JsonReader reader) =>
    {
        List<UsageRecord>? records = null;
        long? total = null;
        while (JsonFields.NextProperty(ref reader))
        {
            if (reader.ValueTextEquals("usage"))
            {
                records = ReadRecords(ref reader);
            }
            else if (reader.ValueTextEquals("total_count"))
            {
                total = JsonFields.Integer(ref reader, "$.total_count");
            }
            else
            {
                JsonFields.Skip(ref reader);
            }
        }

        if (records is null)
        {
            throw JsonBody.Invalid("The usage response has no 'usage' list.");
        }

        return total < 0 ? throw JsonBody.Invalid("The usage response has a negative total_count.") : new UsagePage(records, total);
    });

    private static List<UsageRecord>? ReadRecords(ref Utf8JsonReader reader)
    {
        if (!JsonFields.StartArray(ref reader, "$.usage"))
        {
            return null;
        }

        var records = new List<UsageRecord>();
        while (JsonFields.NextElement(ref reader))
        {
            if (reader.TokenType == JsonTokenType.StartObject)
            {
                records.Add(ReadRecord(ref reader, "$.usage[" + records.Count + "]"));
            }
            else if (reader.TokenType != JsonTokenType.Null)
            {
                throw JsonFields.WrongType("$.usage[" + records.Count + "]");
            }
        }

        return records;
    }

    /// <summary>One usage record; the reader is on its <c>{</c>.</summary>
    private static UsageRecord ReadRecord(ref Utf8JsonReader reader, string path)
    {
        DateTimeOffset? timestamp = null;
        double? milliseconds = null;
        var record = new UsageRecord();
        while (JsonFields.NextProperty(ref reader))
        {
            switch (reader.GetString())
            {
                case "timestamp": timestamp = JsonFields.Date(ref reader, path + ".timestamp"); break;
                case "endpoint": record.Endpoint = DisplayText.Clean(JsonFields.String(ref reader, path + ".endpoint"), 200) ?? string.Empty; break;
                case "status_code": record.StatusCode = JsonFields.Int32(ref reader, path + ".status_code") ?? 0; break;
                case "credits_consumed": record.CreditsConsumed = JsonFields.Integer(ref reader, path + ".credits_consumed") ?? 0; break;
                case "response_time_ms": milliseconds = JsonFields.Number(ref reader, path + ".response_time_ms"); break;
                default: JsonFields.Skip(ref reader); break;
            }
        }

        if (timestamp is not DateTimeOffset when)
        {
            throw JsonBody.Invalid("A usage record in the response has no timestamp.");
        }

        var ms = milliseconds ?? 0;
        if (ms < 0 || ms > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            throw JsonBody.Invalid("A usage record in the response has an impossible response_time_ms.");
        }

        record.Timestamp = when;
        record.ResponseTime = TimeSpan.FromTicks((long)Math.Round(ms * TimeSpan.TicksPerMillisecond));
        return record;
    }
}
