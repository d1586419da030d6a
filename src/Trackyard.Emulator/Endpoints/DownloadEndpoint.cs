namespace Trackyard.Emulator;

/// <summary>POST /download-track: 1 credit per successful call; the MP3 is streamed, never built in memory.</summary>
internal static class DownloadEndpoint
{
    public const int MinClipSeconds = 10;
    public const int MaxClipSeconds = 300;
    public const string HitPointWithoutDuration = "hit_point_seconds requires duration_seconds";

    public static async Task HandleAsync(ApiCall call)
    {
        var context = call.Context;
        if (!call.Account.HasScope(KeyDefinition.DownloadScope))
        {
            await ErrorBodies.WriteAsync(context, 403, ErrorBodies.Forbidden, "This API key is not allowed to download tracks");
            return;
        }

        string trackId;
        double? clipSeconds;
        using (var body = await JsonFields.ReadObjectAsync(context.Request, call.Aborted))
        {
            (trackId, clipSeconds) = Validate(body.RootElement);
        }

        var track = call.State.Catalog.Find(trackId);
        if (track is null)
        {
            await ErrorBodies.WriteAsync(context, 404, ErrorBodies.NotFound, "Track not found");
            return;
        }

        if (!call.Account.TryCharge(out _))
        {
            await ErrorBodies.WriteAsync(context, 402, ErrorBodies.OutOfCredits, null);
            return;
        }

        call.CreditsConsumed = 1;

        // A clip longer than the track is the whole track.
        var seconds = Math.Min(clipSeconds ?? track.DurationSeconds, track.DurationSeconds);
        await WriteMp3Async(context, track, seconds);
    }

    public static async Task WriteMp3Async(HttpContext context, Track track, double seconds)
    {
        var frames = Mp3Writer.FrameCount(seconds);
        var response = context.Response;
        response.StatusCode = 200;
        response.ContentType = "audio/mpeg";
        response.ContentLength = Mp3Writer.ByteLength(frames);
        response.Headers.ContentDisposition = ContentDisposition.ForTitle(track.Title);
        await Mp3Writer.WriteAsync(response.Body, frames, context.RequestAborted);
    }

    private static (string TrackId, double? ClipSeconds) Validate(System.Text.Json.JsonElement body)
    {
        var trackId = JsonFields.String(body, "track_id");
        if (string.IsNullOrWhiteSpace(trackId))
        {
            throw BadRequestException.Parameters("'track_id' is required.");
        }

        var duration = JsonFields.Number(body, "duration_seconds");
        var hitPoint = JsonFields.Number(body, "hit_point_seconds");
        if (hitPoint is not null && duration is null)
        {
            throw BadRequestException.Parameters(HitPointWithoutDuration);
        }

        if (duration is < MinClipSeconds or > MaxClipSeconds)
        {
            throw BadRequestException.Parameters($"'duration_seconds' must be between {MinClipSeconds} and {MaxClipSeconds}.");
        }

        if (hitPoint < 0 || hitPoint >= duration)
        {
            throw BadRequestException.Parameters("'hit_point_seconds' must be 0 or more and smaller than 'duration_seconds'.");
        }

        return (trackId, duration);
    }
}
