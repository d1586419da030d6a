using System.Text.Json;

namespace Trackyard.Emulator;

/// <summary>The test control plane under /_emulator: no key, not rate limited, not in usage or the request log.</summary>
internal static class ControlEndpoints
{
    public const string Prefix = "/_emulator";

    public static void Map(IEndpointRouteBuilder app)
    {
        app.MapPost(Prefix + "/reset", Guarded(Reset));
        app.MapPost(Prefix + "/keys", Guarded(PutKeyAsync));
        app.MapPost(Prefix + "/faults", Guarded(AddFaultAsync));
        app.MapGet(Prefix + "/faults", Guarded(ListFaults));
        app.MapDelete(Prefix + "/faults", Guarded(ClearFaults));
        app.MapGet(Prefix + "/requests", Guarded(Requests));
        app.MapGet(Prefix + "/info", Guarded(Info));
    }

    private static RequestDelegate Guarded(Func<HttpContext, EmulatorState, Task> handler) => async context =>
    {
        try
        {
            await handler(context, context.RequestServices.GetRequiredService<EmulatorState>());
        }
        catch (BadRequestException e) when (!context.Response.HasStarted)
        {
            await ErrorBodies.WriteAsync(context, 400, e.Code, e.Message);
        }
        catch (Exception e) when (ApiPipeline.ClientWentAway(context, e))
        {
            ApiPipeline.Logger(context).LogInformation("The client went away during {Path} ({Reason})", context.Request.Path.Value, e.GetType().Name);
        }
    };

    private static Task Reset(HttpContext context, EmulatorState state)
    {
        state.Reset();
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    private static async Task PutKeyAsync(HttpContext context, EmulatorState state)
    {
        KeyDefinition definition;
        using (var body = await JsonFields.ReadObjectAsync(context.Request, context.RequestAborted))
        {
            definition = ParseKey(body.RootElement);
        }

        state.Keys.Put(definition, state.Time.GetUtcNow());
        await JsonResponse.WriteAsync(context, 201, json =>
        {
            json.WriteStartObject();
            json.WriteString("key_suffix", RequestLog.KeySuffix(definition.Key));
            json.WriteString("tier", definition.Tier);
            JsonResponse.WriteNullableNumber(json, "credits", definition.Credits);
            JsonResponse.WriteNullableNumber(json, "per_minute", definition.PerMinute);
            JsonResponse.WriteNullableNumber(json, "per_day", definition.PerDay);
            json.WriteStartArray("scopes");
            foreach (var scope in definition.Scopes)
            {
                json.WriteStringValue(scope);
            }

            json.WriteEndArray();
            json.WriteBoolean("revoked", definition.Revoked);
            json.WriteEndObject();
        });
    }

    private static KeyDefinition ParseKey(JsonElement body)
    {
        var key = JsonFields.String(body, "key");
        if (string.IsNullOrWhiteSpace(key) || key.Any(char.IsWhiteSpace))
        {
            throw BadRequestException.Parameters("'key' is required and must not contain spaces.");
        }

        var credits = JsonFields.Integer(body, "credits");
        if (credits < 0)
        {
            throw BadRequestException.Parameters("'credits' must be 0 or more, or null for unlimited.");
        }

        var scopes = JsonFields.StringArray(body, "scopes") ?? [.. KeyDefinition.AllScopes];
        if (scopes.FirstOrDefault(s => !KeyDefinition.AllScopes.Contains(s)) is { } unknown)
        {
            throw BadRequestException.Parameters($"Unknown scope '{unknown}'; use search and download.");
        }

        return new KeyDefinition(
            key,
            JsonFields.String(body, "tier") ?? "pro",
            credits,
            Limit(body, "per_minute"),
            Limit(body, "per_day"),
            scopes.Distinct().ToArray(),
            JsonFields.Bool(body, "revoked") ?? false);
    }

    private static int? Limit(JsonElement body, string name)
    {
        var value = JsonFields.Integer(body, name);
        return value is null or (>= 1 and <= int.MaxValue)
            ? (int?)value
            : throw BadRequestException.Parameters($"'{name}' must be 1 or more, or null for unlimited.");
    }

    private static async Task AddFaultAsync(HttpContext context, EmulatorState state)
    {
        FaultSpec fault;
        bool gzipContentLength;
        using (var body = await JsonFields.ReadObjectAsync(context.Request, context.RequestAborted))
        {
            fault = ParseFault(body.RootElement);
            gzipContentLength = JsonFields.Bool(body.RootElement, "gzip_content_length") ?? false;
        }

        if (gzipContentLength && fault.GzipExpandBytes is { } expanded)
        {
            // Measured once here, so every answer of the fault streams with a Content-Length it keeps.
            fault = fault with { GzipContentLength = await GzipBody.CompressedLengthAsync(expanded, context.RequestAborted) };
        }

        var pending = state.Faults.Enqueue(fault);
        await JsonResponse.WriteAsync(context, 201, json =>
        {
            WriteFault(json, fault, fault.Times);
            json.WriteNumber("pending_for_path", pending);
            json.WriteEndObject();
        });
    }

    private static FaultSpec ParseFault(JsonElement body)
    {
        var path = JsonFields.String(body, "path");
        if (path is null || !FaultSpec.Paths.Contains(path))
        {
            throw BadRequestException.Parameters($"'path' must be one of {string.Join(", ", FaultSpec.Paths)}.");
        }

        var times = JsonFields.Integer(body, "times") ?? 1;
        var status = JsonFields.Integer(body, "status") ?? 500;
        var delay = JsonFields.Integer(body, "delay_ms") ?? 0;
        var kind = JsonFields.String(body, "body") ?? FaultSpec.JsonBody;
        if (times is < 1 or > 1_000_000)
        {
            throw BadRequestException.Parameters("'times' must be between 1 and 1000000.");
        }

        if (status is < 200 or > 599)
        {
            throw BadRequestException.Parameters("'status' must be between 200 and 599.");
        }

        if (delay is < 0 or > 600_000)
        {
            throw BadRequestException.Parameters("'delay_ms' must be between 0 and 600000.");
        }

        if (!FaultSpec.BodyKinds.Contains(kind))
        {
            throw BadRequestException.Parameters($"'body' must be one of {string.Join(", ", FaultSpec.BodyKinds)}.");
        }

        var headers = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        if (JsonFields.TryGet(body, "headers", out var headersJson))
        {
            if (headersJson.ValueKind != JsonValueKind.Object)
            {
                throw BadRequestException.Parameters("'headers' must be an object of strings.");
            }

            foreach (var header in headersJson.EnumerateObject())
            {
                headers[header.Name] = header.Value.ValueKind switch
                {
                    JsonValueKind.String => header.Value.GetString()!,
                    JsonValueKind.Number => header.Value.GetRawText(),
                    _ => throw BadRequestException.Parameters("'headers' must be an object of strings."),
                };
            }
        }

        var reason = JsonFields.String(body, "reason");
        if (reason is not null && (reason.Length == 0 || reason.Any(c => char.IsControl(c) || c > '~')))
        {
            throw BadRequestException.Parameters("'reason' must be printable ASCII text without line breaks.");
        }

        var gzipBytes = JsonFields.Integer(body, "gzip_expand_bytes");
        if (gzipBytes is < 1 or > FaultSpec.MaxGzipExpandBytes)
        {
            throw BadRequestException.Parameters($"'gzip_expand_bytes' must be between 1 and {FaultSpec.MaxGzipExpandBytes}.");
        }

        if (JsonFields.Bool(body, "gzip_content_length") is true && gzipBytes is null)
        {
            throw BadRequestException.Parameters("'gzip_content_length' needs 'gzip_expand_bytes'.");
        }

        var bodyText = JsonFields.String(body, "body_text");
        var bodyRepeat = JsonFields.Integer(body, "body_repeat");
        if (bodyRepeat is not null && bodyText is null)
        {
            throw BadRequestException.Parameters("'body_repeat' needs 'body_text'.");
        }

        if (bodyRepeat is < 1 || (bodyRepeat is long repeat && bodyText!.Length * repeat > FaultSpec.MaxBodyBytes))
        {
            throw BadRequestException.Parameters($"'body_repeat' must be at least 1, and 'body_text' repeated must stay within {FaultSpec.MaxBodyBytes} characters.");
        }

        var headerBytes = JsonFields.Integer(body, "header_bytes");
        if (headerBytes is < 1 or > FaultSpec.MaxHeaderBytes)
        {
            throw BadRequestException.Parameters($"'header_bytes' must be between 1 and {FaultSpec.MaxHeaderBytes}.");
        }

        return new FaultSpec(path, (int)times, (int)status, headers, kind,
            bodyText, JsonFields.String(body, "content_type"), (int)delay,
            JsonFields.Bool(body, "abort") ?? false)
        {
            Reason = reason,
            GzipExpandBytes = gzipBytes,
            HeaderBytes = (int?)headerBytes,
            BodyRepeat = (int)(bodyRepeat ?? 1),
            AbortBeforeHeaders = JsonFields.Bool(body, "abort_before_headers") ?? false,
        };
    }

    private static Task ListFaults(HttpContext context, EmulatorState state)
    {
        var pending = state.Faults.Pending();
        return JsonResponse.WriteAsync(context, 200, json =>
        {
            json.WriteStartArray();
            foreach (var (fault, remaining) in pending)
            {
                WriteFault(json, fault, remaining);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private static Task ClearFaults(HttpContext context, EmulatorState state)
    {
        state.Faults.Clear();
        context.Response.StatusCode = 204;
        return Task.CompletedTask;
    }

    /// <summary>Writes the fault's fields and leaves its object open for the caller to add to.</summary>
    private static void WriteFault(Utf8JsonWriter json, FaultSpec fault, int remaining)
    {
        json.WriteStartObject();
        json.WriteString("path", fault.Path);
        json.WriteNumber("times", fault.Times);
        json.WriteNumber("remaining", remaining);
        json.WriteNumber("status", fault.Status);
        json.WriteStartObject("headers");
        foreach (var (name, value) in fault.Headers)
        {
            json.WriteString(name, value);
        }

        json.WriteEndObject();
        json.WriteString("body", fault.Body);
        json.WriteString("body_text", fault.BodyText);
        json.WriteNumber("body_repeat", fault.BodyRepeat);
        json.WriteString("content_type", fault.ContentType);
        json.WriteNumber("delay_ms", fault.DelayMs);
        json.WriteBoolean("abort", fault.Abort);
        json.WriteString("reason", fault.Reason);
        JsonResponse.WriteNullableNumber(json, "gzip_expand_bytes", fault.GzipExpandBytes);
        JsonResponse.WriteNullableNumber(json, "gzip_content_length", fault.GzipContentLength);
        JsonResponse.WriteNullableNumber(json, "header_bytes", fault.HeaderBytes);
        json.WriteBoolean("abort_before_headers", fault.AbortBeforeHeaders);
    }

    private static Task Requests(HttpContext context, EmulatorState state)
    {
        var entries = state.Log.Snapshot();
        return JsonResponse.WriteAsync(context, 200, json =>
        {
            json.WriteStartArray();
            foreach (var entry in entries)
            {
                json.WriteStartObject();
                json.WriteString("time", JsonResponse.Timestamp(entry.Time));
                json.WriteString("method", entry.Method);
                json.WriteString("path", entry.Path);
                json.WriteNumber("status", entry.Status);
                json.WriteString("key_suffix", entry.KeySuffix);
                json.WriteString("user_agent", entry.UserAgent);
                json.WriteBoolean("has_authorization", entry.HasAuthorization);
                json.WriteEndObject();
            }

            json.WriteEndArray();
        });
    }

    private static Task Info(HttpContext context, EmulatorState state) => JsonResponse.WriteAsync(context, 200, json =>
    {
        json.WriteStartObject();
        json.WriteNumber("seed", state.Options.Seed);
        json.WriteNumber("catalog_size", state.Catalog.Tracks.Count);
        json.WriteNumber("minute_seconds", state.Options.MinuteSeconds);
        json.WriteNumber("day_seconds", state.Options.DaySeconds);
        json.WriteString("profile", state.Options.Profile == EmulatorProfile.Docs ? "docs" : "default");
        json.WriteString("preview_base_uri", state.Options.PreviewBaseUri?.AbsoluteUri);
        json.WriteString("long_track_id", Catalog.LongTrackId);
        json.WriteStartArray("hostile_tracks");
        foreach (var (id, title) in Catalog.HostileTitles)
        {
            json.WriteStartObject();
            json.WriteString("id", id);
            json.WriteString("title", title);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteEndObject();
    });
}
