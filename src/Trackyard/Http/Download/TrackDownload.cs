using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// An audio answer whose headers have been checked and whose body has not been read yet. The body is copied in
/// fixed-size chunks, never held in memory, and a body that ends early or runs past its Content-Length is a failure.
/// It lives as long as its attempt.
/// </summary>
internal sealed class TrackDownload
{
    /// <summary>The copy buffer: below the large-object heap threshold, the size Stream.CopyTo uses.</summary>
    internal const int BufferSize = 81920;

    private readonly ApiResponse _response;

    internal TrackDownload(ApiResponse response, string trackId, string? suggestedFileName, long? contentLength)
    {
        _response = response;
        TrackId = trackId;
        SuggestedFileName = suggestedFileName;
        ContentLength = contentLength;
    }

    internal string TrackId { get; }

    /// <summary>The name from Content-Disposition, as sent but with the key redacted (unsafe until passed through <see cref="SafeFileName"/>).</summary>
    internal string? SuggestedFileName { get; }

    /// <summary>The announced body length, when the server sent one.</summary>
    internal long? ContentLength { get; }

    /// <summary>
    /// Copies the body into <paramref name="destination"/>, reporting the bytes so far after each chunk. A body cut
    /// off, shorter or longer than Content-Length is InvalidResponse; errors writing to <paramref name="destination"/>
    /// are left as they are (they are not the API's fault). <paramref name="cancellationToken"/> is the attempt's:
    /// its timeout or the user's Ctrl+C ends the copy as a cancellation.
    /// </summary>
    internal async Task<long> CopyToAsync(Stream destination, Action<long>? progress, CancellationToken cancellationToken)
    {
        var buffer = new byte[BufferSize];
        long total = 0;
        var body = await ReadBodyAsync(() => _response.Message.Content.ReadAsStreamAsync(), total, cancellationToken).ConfigureAwait(false);
        using (body)
        {
            while (true)
            {
                var read = await ReadBodyAsync(() => body.ReadAsync(buffer, 0, buffer.Length, cancellationToken), total, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                total += read;
                if (ContentLength is long promised && total > promised)
                {
                    throw Failure($"The download of track {DisplayText.Quote(TrackId)} sent more than the {promised} bytes it announced; nothing was saved.");
                }

                await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(total);
            }
        }

        if (ContentLength is long expected && total != expected)
        {
            throw Failure($"The download of track {DisplayText.Quote(TrackId)} ended after {total} of {expected} bytes; nothing was saved.");
        }

        if (total == 0)
        {
            throw Failure($"Trackyard sent an empty file for track {DisplayText.Quote(TrackId)}; nothing was saved.");
        }

        return total;
    }

    /// <summary>Runs one read of the body and turns its failures into API failures (a cancellation stays a cancellation).</summary>
    private async Task<T> ReadBodyAsync<T>(Func<Task<T>> read, long soFar, CancellationToken cancellationToken)
    {
        // Some streams (.NET Framework) ignore the token; disposing the response ends a read that hangs.
        using var registration = cancellationToken.Register(static state => ((ApiResponse)state!).Dispose(), _response);
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Http.HttpRequestException or OperationCanceledException)
        {
            var of = ContentLength is long expected ? $" of {expected}" : string.Empty;
            throw Failure(
                $"The download of track {DisplayText.Quote(TrackId)} broke off after {soFar}{of} bytes: {TransportFailure.Innermost(ex, _response.Wire)}. Nothing was saved.",
                ex);
        }
    }

    private TrackyardApiException Failure(string message, Exception? inner = null) =>
        _response.Annotate(new TrackyardApiException(TrackyardFailureKind.InvalidResponse, message, inner is null ? null : TransportFailure.Redacted(inner, _response.Wire)));
}
