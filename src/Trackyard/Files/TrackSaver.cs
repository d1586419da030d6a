using System;
using System.IO;
using System.Management.Automation;
using System.Security;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// One download from request to file: POST /download-track, the name from Content-Disposition made safe (or the
/// file the user named), room for the announced length, the body streamed into a temporary file, renamed on
/// success. Every failure to save is a <see cref="TrackyardApiException"/> that says the credit was spent.
/// </summary>
internal static class TrackSaver
{
    /// <param name="client">The HTTP layer.</param>
    /// <param name="request">Track and clip options.</param>
    /// <param name="track">How messages name the track.</param>
    /// <param name="folder">Where a server-named file goes.</param>
    /// <param name="file">The file the user named, or null to use the server's name in <paramref name="folder"/>.</param>
    /// <param name="overwrite">-Force.</param>
    /// <param name="progressActivityId">The progress bar's id.</param>
    /// <param name="call">Retry choice and the observer that hears verbose lines and progress.</param>
    /// <param name="cancellationToken">Ctrl+C.</param>
    internal static async Task<FileInfo> SaveAsync(
        TrackyardClient client,
        DownloadRequest request,
        TrackLabel track,
        string folder,
        string? file,
        bool overwrite,
        int progressActivityId,
        CallOptions call,
        CancellationToken cancellationToken)
    {
        return await client.DownloadTrackAsync(
            request,
            async (download, token) =>
            {
                var destination = file ?? Path.Combine(folder, SafeFileName.From(download.SuggestedFileName, request.TrackId));
                try
                {
                    EnsureRoom(download.ContentLength, destination, track);
                    var progress = new DownloadProgress(progressActivityId, $"Downloading {track} to {Path.GetFileName(destination)}", download.ContentLength);
                    call.Observer.OnVerbose($"Saving {track} to {destination}");
                    return await AtomicFileWriter.WriteAsync(
                        destination,
                        overwrite,
                        (stream, writeToken) => download.CopyToAsync(stream, bytes => Report(progress.Next(bytes), call.Observer), writeToken),
                        token).ConfigureAwait(false);
                }
                catch (DestinationConflictException ex)
                {
                    throw Answered(SaveFailures.Conflict(ex.Entry, ex.Path, track, charged: true));
                }
                catch (IOException ex) when (TargetFolder.IsOutOfSpace(ex))
                {
                    throw Answered(SaveFailures.RanOutOfSpace(track, destination, ex));
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or SecurityException)
                {
                    throw Answered(SaveFailures.WriteFailed(track, destination, ex));
                }
                catch (TrackyardApiException ex) when (ex.Kind == TrackyardFailureKind.NotEnoughSpace)
                {
                    throw Answered(ex);
                }
            },
            call,
            cancellationToken).ConfigureAwait(false);
    }

    /// <summary>A failure to save once the service had answered: the download reached it (and cost a credit).</summary>
    private static TrackyardApiException Answered(TrackyardApiException failure)
    {
        failure.Delivery = Delivery.Answered;
        return failure;
    }

    /// <summary>
    /// Stops before the body is read when the server announced more bytes than the drive has free, so a full disk
    /// is not filled to the brim only to fail. The credit is spent by now; the message says so.
    /// </summary>
    private static void EnsureRoom(long? contentLength, string destination, TrackLabel track)
    {
        var folder = Path.GetDirectoryName(destination)!;
        if (contentLength is long length && TargetFolder.FreeBytes(folder) is long free && length > free)
        {
            throw SaveFailures.TooLargeForFreeSpace(track, folder, length, free);
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
