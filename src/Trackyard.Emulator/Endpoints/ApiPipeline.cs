namespace Trackyard.Emulator;

/// <summary>
/// The one path every API request takes, in this order: route (unknown → 404) → Bearer key (missing, malformed,
/// unknown or revoked → 401) → queued fault (replaces the answer; not counted, not charged) → rate limits (429)
/// → the endpoint (scope 403 → validation 400 → lookup 404 → credits 402 → 200). Every request lands in the
/// request log; every authenticated request except GET /usage lands in the key's usage.
/// </summary>
public static class ApiPipeline
{
    public const string Prefix = "/api/external/v1";
    public const string UsagePath = "/usage";

    private static readonly Dictionary<(string Method, string Path), Func<ApiCall, Task>> Routes = new()
    {
        [("POST", "/search")] = SearchEndpoint.HandleAsync,
        [("POST", "/download-track")] = DownloadEndpoint.HandleAsync,
        [("GET", "/me")] = MeEndpoint.HandleAsync,
        [("GET", UsagePath)] = UsageEndpoint.HandleAsync,
    };

    public static void Map(IEndpointRouteBuilder app)
    {
        app.Map(Prefix, HandleAsync);
        app.Map(Prefix + "/{**rest}", HandleAsync);
    }

    public static async Task HandleAsync(HttpContext context)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var startedAt = state.Time.GetUtcNow();
        var started = state.Time.GetTimestamp();
        var method = context.Request.Method;
        var path = context.Request.Path.Value is { Length: > 0 } full ? full[Prefix.Length..] : "";
        if (path.Length == 0)
        {
            path = "/";
        }

        var presentedKey = BearerToken(context.Request);
        ApiCall? call = null;
        try
        {
            if (!Routes.TryGetValue((method, path), out var endpoint))
            {
                await ErrorBodies.WriteAsync(context, 404, ErrorBodies.NotFound, $"No such endpoint: {method} {path}");
                return;
            }

            var account = presentedKey is null ? null : state.Keys.Find(presentedKey);
            if (account is null || account.Definition.Revoked)
            {
                if (state.Options.Profile == EmulatorProfile.Default)
                {
                    context.Response.Headers.WWWAuthenticate = "Bearer";
                }

                var message = presentedKey is null ? "Missing or malformed Authorization header; expected 'Authorization: Bearer <key>'"
                    : account is null ? "Invalid API key"
                    : "This API key has been revoked";
                await ErrorBodies.WriteAsync(context, 401, ErrorBodies.Unauthorized, message);
                return;
            }

            call = new ApiCall(context, state, account, account.MarkUsed(startedAt), presentedKey!);
            context.Response.OnStarting(RateHeaders.ApplyAsync, call);

            if (state.Faults.TryTake(path, out var fault))
            {
                await FaultResponder.WriteAsync(call, fault);
                return;
            }

            if (!account.TryAcquire(state.Now, out var retryAfter))
            {
                context.Response.Headers.RetryAfter = retryAfter.ToString(System.Globalization.CultureInfo.InvariantCulture);
                await ErrorBodies.WriteAsync(context, 429, ErrorBodies.RateLimited, $"Rate limit exceeded; retry in {retryAfter} s", retryAfter);
                return;
            }

            await endpoint(call);
        }
        catch (BadRequestException e) when (!context.Response.HasStarted)
        {
            await ErrorBodies.WriteAsync(context, 400, e.Code, e.Message);
        }
        catch (BadHttpRequestException e) when (!context.Response.HasStarted && !IsEndOfBody(e))
        {
            // A body Kestrel could not read (broken chunking, too large): the client's fault, answered if it still listens.
            Logger(context).LogInformation("Could not read the body of {Method} {Path}: {Reason}", method, path, e.Message);
            try
            {
                await ErrorBodies.WriteAsync(context, e.StatusCode, BadRequestException.InvalidJson, "The request body could not be read.");
            }
            catch (Exception gone) when (ClientWentAway(context, gone))
            {
                // It did not listen.
            }
        }
        catch (Exception e) when (ClientWentAway(context, e))
        {
            // Nothing to answer and nothing wrong with the emulator: say so quietly.
            Logger(context).LogInformation("The client went away during {Method} {Path} ({Reason})", method, path, e.GetType().Name);
        }
        catch (Exception e) when (!context.Response.HasStarted)
        {
            Logger(context).LogError(e, "Unhandled error on {Path}", path);
            await ErrorBodies.WriteAsync(context, 500, ErrorBodies.InternalError, null);
        }
        finally
        {
            state.Log.Add(RequestLog.EntryFor(context, startedAt, path));
            if (call is not null && path != UsagePath)
            {
                var elapsed = state.Time.GetElapsedTime(started);
                call.Account.AddUsage(new UsageRecord(startedAt, path, context.Response.StatusCode, call.CreditsConsumed, (long)Math.Round(elapsed.TotalMilliseconds)));
            }
        }
    }

    /// <summary>
    /// True when <paramref name="error"/> only means the client hung up (mid-body or while waiting): the request was
    /// aborted, or reading the body hit the end of the connection or a reset.
    /// </summary>
    internal static bool ClientWentAway(HttpContext context, Exception error) =>
        context.RequestAborted.IsCancellationRequested
        || error is IOException
        || (error is BadHttpRequestException && IsEndOfBody(error));

    internal static ILogger Logger(HttpContext context) =>
        context.RequestServices.GetRequiredService<ILoggerFactory>().CreateLogger("Trackyard.Emulator");

    /// <summary>Kestrel's words for a body that ended before its Content-Length or its last chunk.</summary>
    private static bool IsEndOfBody(Exception error) =>
        error.Message.Contains("Unexpected end of request content", StringComparison.Ordinal);

    /// <summary>The key of <c>Authorization: Bearer &lt;key&gt;</c>; null when the header is missing, repeated or malformed.</summary>
    internal static string? BearerToken(HttpRequest request)
    {
        var values = request.Headers.Authorization;
        if (values.Count != 1 || values[0] is not { } header)
        {
            return null;
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var token = header[Scheme.Length..].Trim();
        return token.Length == 0 || token.Contains(' ') ? null : token;
    }
}
