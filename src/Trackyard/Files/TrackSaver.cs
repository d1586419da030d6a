using System.IO;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// One download from request to file: POST /download-track, the name from Content-Disposition made safe (or the
/// file the user named), the body streamed into a temporary file, renamed on success.
/// </summary>
internal static class TrackSaver
{
    /// <param name="client">The HTTP layer.</param>
    /// <param name="request">Track and clip options.</param>
    /// <param name="folder">Where a server-named file goes.</param>
    /// <param name="file">The file the user named, or null to use the server's name in <paramref name="folder"/>.</param>
    /// <param name="overwrite">-Force.</param>
    /// <param name="progressActivityId">The progress bar's id.</param>
    /// <param name="call">Retry choice and the observer that hears verbose lines and progress.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    internal static async Task<FileInfo> SaveAsync(
        TrackyardClient client,
        DownloadRequest request,
        string folder,
        string? file,
        bool overwrite,
        int progressActivityId,
        CallOptions call,
        CancellationToken cancellationToken)
    {
        return await client.DownloadTrackAsync(
            request,
            (download, token) =>
            {
                var destination = file ?? Path.Combine(folder, SafeFileName.From(download.SuggestedFileName, request.TrackId));
                var id = DisplayText.Quote(request.TrackId);
                var progress = new DownloadProgress(progressActivityId, $"Downloading track {id} to {Path.GetFileName(destination)}", download.ContentLength);
                call.Observer.OnVerbose($"Saving track {id} to {destination}");
                return AtomicFileWriter.WriteAsync(
                    destination,
                    overwrite,
                    (stream, writeToken) => download.CopyToAsync(stream, bytes => Report(progress.Next(bytes), call.Observer), writeToken),
                    token);
            },
            call,
            cancellationToken).ConfigureAwait(false);
    }

    private static void Report(ProgressRecord? record, IApiCallObserver observer)
    {
        if (record != null)
        {
            observer.OnProgress(record);
        }
    }
}
