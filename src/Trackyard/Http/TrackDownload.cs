using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// An audio response whose headers have been checked and whose body has not been read yet. The body is copied
/// in fixed-size chunks, never held in memory, and a body that ends early is a failure. Dispose it when done
/// (disposing without reading abandons the body).
/// </summary>
internal sealed class TrackDownload : IDisposable
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

    /// <summary>The name from Content-Disposition, as sent (unsafe until passed through <see cref="SafeFileName"/>).</summary>
    internal string? SuggestedFileName { get; }

    /// <summary>The announced body length, when the server sent one.</summary>
    internal long? ContentLength { get; }

    /// <summary>
    /// Copies the body into <paramref name="destination"/>, reporting the bytes so far after each chunk. A body
    /// cut off or shorter than Content-Length is InvalidResponse; the per-request timeout is Timeout; errors
    /// writing to <paramref name="destination"/> are left as they are (they are not the API's fault).
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
                var read = await ReadBodyAsync(() => body.ReadAsync(buffer, 0, buffer.Length, _response.BodyToken), total, cancellationToken).ConfigureAwait(false);
                if (read == 0)
                {
                    break;
                }

                await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                total += read;
                progress?.Invoke(total);
            }
        }

        if (ContentLength is long expected && total != expected)
        {
            throw Failure(ResponseReader.Invalid($"The download of track '{TrackId}' ended after {total} of {expected} bytes."));
        }

        if (total == 0)
        {
            throw Failure(ResponseReader.Invalid($"Trackyard sent an empty file for track '{TrackId}'."));
        }

        return total;
    }

    public void Dispose() => _response.Dispose();

    /// <summary>Runs one read of the body and turns its failures into API failures (a user stop stays a cancellation).</summary>
    private async Task<T> ReadBodyAsync<T>(Func<Task<T>> read, long soFar, CancellationToken cancellationToken)
    {
        // Some streams (.NET Framework) ignore the token; disposing the response ends a read that hangs.
        using var registration = _response.BodyToken.Register(static state => ((ApiResponse)state!).Message.Dispose(), _response);
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (Exception) when (cancellationToken.IsCancellationRequested)
        {
            throw new OperationCanceledException(cancellationToken);
        }
        catch (Exception ex) when (_response.TimedOut)
        {
            throw Failure(new TrackyardApiException(
                TrackyardFailureKind.Timeout,
                $"The download of track '{TrackId}' did not finish within the request timeout ({soFar} bytes received); give it more time with Connect-Trackyard -TimeoutSec.",
                ex));
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or System.Net.Http.HttpRequestException or OperationCanceledException)
        {
            var of = ContentLength is long expected ? $" of {expected}" : string.Empty;
            throw Failure(ResponseReader.Invalid(
                $"The download of track '{TrackId}' broke off after {soFar}{of} bytes: {Innermost(ex)}", ex));
        }
    }

    private TrackyardApiException Failure(TrackyardApiException exception)
    {
        exception.StatusCode ??= _response.StatusCode;
        exception.RequestId ??= _response.RequestId;
        exception.RateLimit ??= _response.RateLimit;
        return exception;
    }

    private static string Innermost(Exception ex)
    {
        while (ex.InnerException != null)
        {
            ex = ex.InnerException;
        }

        return DisplayText.Clean(ex.Message, 300) ?? ex.GetType().Name;
    }
}
