using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Turns response bodies into models. Tolerant of missing fields, nulls and unknown fields; anything it
/// cannot understand becomes an InvalidResponse failure, never a raw JsonException.
/// </summary>
internal static class ResponseReader
{
    /// <summary>Largest success body read (a page of 100 tracks is well under 1 MB).</summary>
    internal const int MaxJsonBodyBytes = 16 * 1024 * 1024;

    /// <summary>How much of an error body is read; the rest is ignored.</summary>
    internal const int MaxErrorBodyBytes = 64 * 1024;

    internal static readonly JsonSerializerOptions JsonOptions = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    /// <summary>
    /// Reads at most <paramref name="maxBytes"/>; beyond that it either stops quietly (<paramref name="truncate"/>)
    /// or fails with InvalidResponse.
    /// </summary>
    internal static async Task<byte[]> ReadCappedAsync(HttpContent? content, int maxBytes, bool truncate, CancellationToken cancellationToken)
    {
        if (content is null)
        {
            return Array.Empty<byte>();
        }

        if (!truncate && content.Headers.ContentLength > maxBytes)
        {
            throw TooLarge(maxBytes);
        }

        using var stream = await content.ReadAsStreamAsync().ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        while (true)
        {
            var read = await stream.ReadAsync(chunk, 0, chunk.Length, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                return buffer.ToArray();
            }

            var room = maxBytes - (int)buffer.Length;
            if (read > room)
            {
                if (!truncate)
                {
                    throw TooLarge(maxBytes);
                }

                buffer.Write(chunk, 0, room);
                return buffer.ToArray();
            }

            buffer.Write(chunk, 0, read);
        }
    }

    /// <summary>Parses the body of POST /search, stamping each track with the query that found it.</summary>
    internal static SearchPage ParseSearch(byte[] body, string query)
    {
        var wire = Deserialize<WireSearchResponse>(body);
        if (wire.Tracks is null)
        {
            throw Invalid("The search response has no 'tracks' list.");
        }

        var tracks = wire.Tracks.Where(t => t != null).Select(t => ToTrack(t!, query)).ToList();
        return new SearchPage(tracks, wire.CreditsRemaining);
    }

    /// <summary>Parses the body of GET /me.</summary>
    internal static Account ParseAccount(byte[] body)
    {
        var wire = Deserialize<WireAccount>(body);
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

    /// <summary>Parses the body of GET /usage: the records in the order sent (newest first) and total_count.</summary>
    internal static UsagePage ParseUsage(byte[] body)
    {
        var wire = Deserialize<WireUsagePage>(body);
        if (wire.Usage is null)
        {
            throw Invalid("The usage response has no 'usage' list.");
        }

        if (wire.TotalCount < 0)
        {
            throw Invalid("The usage response has a negative total_count.");
        }

        var records = wire.Usage.Where(r => r != null).Select(r => ToUsageRecord(r!)).ToList();
        return new UsagePage(records, wire.TotalCount);
    }

    /// <summary>
    /// Reads whatever an error body holds: every shape of the contract, no body, HTML, invalid JSON, or fields
    /// of the wrong type (ignored). Never throws.
    /// </summary>
    internal static ApiErrorBody ParseErrorBody(byte[] body)
    {
        var result = new ApiErrorBody();
        if (body.Length == 0)
        {
            return result;
        }

        try
        {
            using var document = JsonDocument.Parse(body);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return result;
            }

            result.Error = Text(root, "error");
            result.Message = Text(root, "message");
            result.Code = Text(root, "code");
            result.RequestId = Text(root, "request_id");
            if (root.TryGetProperty("retry_after", out var retry) && retry.ValueKind == JsonValueKind.Number && retry.TryGetDouble(out var seconds))
            {
                result.RetryAfter = RetryAfter.FromSeconds(seconds);
            }
        }
        catch (JsonException)
        {
            // Not JSON (an HTML page from a proxy, a truncated body): the status text will have to do.
        }

        return result;
    }

    private static string? Text(JsonElement root, string name)
    {
        if (!root.TryGetProperty(name, out var value) || value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        try
        {
            return DisplayText.Clean(value.GetString(), 1000);
        }
        catch (InvalidOperationException)
        {
            // The parser checks structure only: invalid UTF-8 or a lone surrogate shows up when the string is read.
            return null;
        }
    }

    private static T Deserialize<T>(byte[] body)
        where T : class
    {
        if (body.Length == 0)
        {
            throw Invalid("The response body is empty.");
        }

        // A UTF-8 byte order mark is legal before JSON but the span reader does not skip it.
        var json = body.Length >= 3 && body[0] == 0xEF && body[1] == 0xBB && body[2] == 0xBF
            ? new ReadOnlySpan<byte>(body, 3, body.Length - 3)
            : body;
        try
        {
            return JsonSerializer.Deserialize<T>(json, JsonOptions) ?? throw Invalid("The response body is JSON null.");
        }
        catch (JsonException ex)
        {
            throw Invalid("The response body is not the JSON the API documents: " + Describe(ex, body), ex);
        }
        catch (Exception ex) when (ex is NotSupportedException or InvalidOperationException or ArgumentException or FormatException or OverflowException)
        {
            throw Invalid("The response body could not be read: " + ex.Message, ex);
        }
    }

    private static Track ToTrack(WireTrack wire, string query)
    {
        if (string.IsNullOrWhiteSpace(wire.Id))
        {
            throw Invalid("A track in the response has no id.");
        }

        var seconds = wire.DurationSeconds ?? 0;
        if (seconds < 0 || seconds > TimeSpan.MaxValue.TotalSeconds / 2)
        {
            throw Invalid($"Track '{wire.Id}' has an impossible duration_seconds.");
        }

        return new Track
        {
            Id = wire.Id!,
            Title = wire.Title ?? string.Empty,
            Artist = wire.Artist ?? string.Empty,
            DurationSeconds = seconds,
            Duration = TimeSpan.FromSeconds(seconds),
            Bpm = wire.Bpm,
            Key = wire.Key,
            Genre = wire.Genre,
            Subgenres = Strings(wire.Subgenres),
            Moods = Strings(wire.Moods),
            HasVocals = wire.HasVocals,
            EnergyLevel = wire.EnergyLevel,
            Instruments = Strings(wire.Instruments),
            PreviewUrl = wire.PreviewUrl,
            Query = query,
        };
    }

    private static UsageRecord ToUsageRecord(WireUsageRecord wire)
    {
        if (wire.Timestamp is not DateTimeOffset timestamp)
        {
            throw Invalid("A usage record in the response has no timestamp.");
        }

        var milliseconds = wire.ResponseTimeMs ?? 0;
        if (milliseconds < 0 || milliseconds > TimeSpan.MaxValue.TotalMilliseconds / 2)
        {
            throw Invalid("A usage record in the response has an impossible response_time_ms.");
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

    private static string[] Strings(IEnumerable<string?>? values) =>
        values?.Where(v => v != null).Select(v => v!).ToArray() ?? Array.Empty<string>();

    /// <summary>Where the JSON went wrong, without echoing the body (which could be megabytes).</summary>
    private static string Describe(JsonException ex, byte[] body)
    {
        if (body.Length > 0 && body[0] == (byte)'<')
        {
            return "it looks like an HTML page.";
        }

        return ex.Path is { Length: > 0 } path
            ? $"unexpected value at {path} (line {ex.LineNumber + 1})."
            : $"invalid JSON near line {ex.LineNumber + 1}, byte {ex.BytePositionInLine}.";
    }

    private static TrackyardApiException TooLarge(int maxBytes) =>
        Invalid($"The response body is larger than {ByteSize.Format(maxBytes)}; refusing to read it.");

    internal static TrackyardApiException Invalid(string message, Exception? inner = null) =>
        new(TrackyardFailureKind.InvalidResponse, message, inner);
}

/// <summary>What an error body said, as far as it could be read.</summary>
internal sealed class ApiErrorBody
{
    internal string? Error { get; set; }

    internal string? Message { get; set; }

    internal string? Code { get; set; }

    internal string? RequestId { get; set; }

    internal TimeSpan? RetryAfter { get; set; }
}
