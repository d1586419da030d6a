using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// One download from request to file: POST /download-track (or a free preview's URL), the name from
/// Content-Disposition made safe (or the file the user named, or the preview's own name), room for the announced
/// length, the body streamed into a temporary file, renamed on success. Every failure to save is a
/// <see cref="TrackyardApiException"/> that says whether a credit was spent.
/// </summary>
internal static class TrackSaver
{
    /// <summary>Buys and saves a track or a clip (1 credit).</summary>
    /// <param name="client">The HTTP layer.</param>
    /// <param name="request">Track and clip options.</param>
    /// <param name="track">How messages name the track.</param>
    /// <param name="folder">Where a server-named file goes.</param>
    /// <param name="file">The file the user named, or null to use the server's name in <paramref name="folder"/>.</param>
    /// <param name="overwrite">-Force.</param>
    /// <param name="progressActivityId">The progress bar's id.</param>
    /// <param name="call">Retry choice and the observer that hears verbose lines and progress.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    internal static Task<FileInfo> SaveAsync(
        TrackyardClient client,
        DownloadRequest request,
        TrackLabel track,
        string folder,
        string? file,
        bool overwrite,
        int progressActivityId,
        CallOptions call,
        CancellationToken cancellationToken) =>
        client.DownloadTrackAsync(
            request,
            (download, token) => WriteAsync(download, track, file ?? Path.Combine(folder, SafeFileName.From(download.SuggestedFileName, request.TrackId)), overwrite, progressActivityId, call.Observer, token),
            call,
            cancellationToken);

    /// <summary>Saves a track's free preview to <paramref name="file"/> (no credit).</summary>
    internal static Task<FileInfo> SavePreviewAsync(
        TrackyardClient client,
        PreviewRequest request,
        TrackLabel track,
        string file,
        bool overwrite,
        int progressActivityId,
        CallOptions call,
        CancellationToken cancellationToken) =>
        client.DownloadPreviewAsync(
            request,
            (download, token) => WriteAsync(download, track, file, overwrite, progressActivityId, call.Observer, token),
            call,
            cancellationToken);

    /// <summary>Streams an answered download into <paramref name="destination"/>, all or nothing.</summary>
    private static async Task<FileInfo> WriteAsync(
        TrackDownload download,
        TrackLabel track,
        string destination,
        bool overwrite,
        int progressActivityId,
        IApiCallObserver observer,
        CancellationToken token)
    {
        var charged = !download.IsPreview;
        try
        {
            EnsureRoom(download.ContentLength, destination, track, charged);
            var what = download.IsPreview ? "the preview of " + track : track.ToString();
            var progress = new DownloadProgress(progressActivityId, $"Downloading {what} to {Path.GetFileName(destination)}", download.ContentLength);
            observer.OnVerbose($"Saving {what} to {destination}");
            return await AtomicFileWriter.WriteAsync(
                destination,
                overwrite,
                (stream, writeToken) => download.CopyToAsync(stream, bytes => Report(progress.Next(bytes), observer), writeToken),
                token).ConfigureAwait(false);
        }
        catch (DestinationConflictException ex)
        {
            throw Answered(SaveFailures.Conflict(ex.Entry, ex.Path, track, charged ? SaveCost.Charged : SaveCost.FreePreview));
        }
        catch (IOException ex) when (TargetFolder.IsOutOfSpace(ex))
        {
            throw Answered(SaveFailures.RanOutOfSpace(track, destination, ex, charged));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException)
        {
            throw Answered(SaveFailures.WriteFailed(track, destination, ex, charged));
        }
        catch (TrackyardApiException ex) when (ex.Kind == TrackyardFailureKind.NotEnoughSpace)
        {
            throw Answered(ex);
        }
    }

    /// <summary>A failure to save once the service had answered: the download reached it (and, unless a preview, cost a credit).</summary>
    private static TrackyardApiException Answered(TrackyardApiException failure)
    {
        failure.Delivery = Delivery.Answered;
        return failure;
    }

    /// <summary>
    /// Stops before the body is read when the server announced more bytes than the drive has free, so a full disk
    /// is not filled to the brim only to fail. A download's credit is spent by now; the message says so.
    /// </summary>
    private static void EnsureRoom(long? contentLength, string destination, TrackLabel track, bool charged)
    {
        var folder = Path.GetDirectoryName(destination)!;
        if (contentLength is long length && TargetFolder.FreeBytes(folder) is long free && length > free)
        {
            throw SaveFailures.TooLargeForFreeSpace(track, folder, length, free, charged);
        }
    }

    private static void Report(ProgressRecord? record, IApiCallObserver observer)
    {
        if (record != null)
        {
            observer.OnProgress(record);
        }
    }
}
