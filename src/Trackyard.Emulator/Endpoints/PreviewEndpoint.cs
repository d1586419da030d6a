namespace Trackyard.Emulator;

/// <summary>
/// GET /previews/{id}.mp3: the preview_url of every track, a short silent MP3. No key needed, not faultable, not in
/// /usage; in the request log (path /previews/…), with whether an Authorization header came.
/// </summary>
internal static class PreviewEndpoint
{
    public const int PreviewSeconds = 10;
    public const string Prefix = "/previews/";

    public static void Map(IEndpointRouteBuilder app) => app.MapGet(Prefix + "{file}", HandleAsync);

    private static async Task HandleAsync(HttpContext context, string file)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var arrivedAt = state.Time.GetUtcNow();
        try
        {
            var track = file.EndsWith(".mp3", StringComparison.Ordinal) ? state.Catalog.Find(file[..^4]) : null;
            if (track is null)
            {
                await ErrorBodies.WriteAsync(context, 404, ErrorBodies.NotFound, "Preview not found");
                return;
            }

            await DownloadEndpoint.WriteMp3Async(context, track, Math.Min(PreviewSeconds, track.DurationSeconds));
        }
        catch (Exception e) when (ApiPipeline.ClientWentAway(context, e))
        {
            ApiPipeline.Logger(context).LogInformation("The client went away during a preview ({Reason})", e.GetType().Name);
        }
        finally
        {
            state.Log.Add(RequestLog.EntryFor(context, arrivedAt, context.Request.Path.Value ?? Prefix));
        }
    }
}
