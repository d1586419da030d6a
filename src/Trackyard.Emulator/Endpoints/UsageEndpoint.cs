using System.Globalization;

namespace Trackyard.Emulator;

/// <summary>GET /usage?limit=&amp;offset=: free; the key's calls newest first.</summary>
internal static class UsageEndpoint
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 100;

    public static Task HandleAsync(ApiCall call)
    {
        var query = call.Context.Request.Query;
        var limit = ReadInt(query, "limit", DefaultLimit, 1, MaxLimit);
        var offset = ReadInt(query, "offset", 0, 0, int.MaxValue);
        var (page, total) = call.Account.Usage(offset, limit);
        return JsonResponse.WriteAsync(call.Context, 200, json =>
        {
            json.WriteStartObject();
            json.WriteStartArray("usage");
            foreach (var record in page)
            {
                json.WriteStartObject();
                json.WriteString("timestamp", JsonResponse.Timestamp(record.Timestamp));
                json.WriteString("endpoint", record.Endpoint);
                json.WriteNumber("status_code", record.StatusCode);
                json.WriteNumber("credits_consumed", record.CreditsConsumed);
                json.WriteNumber("response_time_ms", record.ResponseTimeMs);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteNumber("total_count", total);
            json.WriteNumber("offset", offset);
            json.WriteNumber("limit", limit);
            json.WriteEndObject();
        });
    }

    private static int ReadInt(IQueryCollection query, string name, int fallback, int min, int max)
    {
        if (!query.TryGetValue(name, out var values))
        {
            return fallback;
        }

        if (values.Count == 1
            && int.TryParse(values[0], NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value)
            && value >= min && value <= max)
        {
            return value;
        }

        throw BadRequestException.Parameters(max == int.MaxValue
            ? $"'{name}' must be an integer of at least {min}."
            : $"'{name}' must be an integer between {min} and {max}.");
    }
}
