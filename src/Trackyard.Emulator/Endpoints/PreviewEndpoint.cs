namespace Trackyard.Emulator;

/// <summary>GET /previews/{id}.mp3: the preview_url of every track, a short silent MP3. No key needed, not logged, not faultable.</summary>
internal static class PreviewEndpoint
{
    public const int PreviewSeconds = 10;

    public static void Map(IEndpointRouteBuilder app) => app.MapGet("/previews/{file}", HandleAsync);

    private static async Task HandleAsync(HttpContext context, string file)
    {
        var state = context.RequestServices.GetRequiredService<EmulatorState>();
        var track = file.EndsWith(".mp3", StringComparison.Ordinal) ? state.Catalog.Find(file[..^4]) : null;
        if (track is null)
        {
            await ErrorBodies.WriteAsync(context, 404, ErrorBodies.NotFound, "Preview not found");
            return;
        }

        await DownloadEndpoint.WriteMp3Async(context, track, Math.Min(PreviewSeconds, track.DurationSeconds));
    }
}
