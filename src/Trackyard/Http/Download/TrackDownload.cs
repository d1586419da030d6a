using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// An audio answer (a bought track or a free preview) whose headers have been checked and whose body has not been
/// read yet. The body is copied in fixed-size chunks, never held in memory, and a body that ends early or runs past
/// its Content-Length is a failure. It lives as long as its attempt.
/// </summary>
internal sealed class TrackDownload
{
    /// <summary>The copy buffer: below the large-object heap threshold, the size Stream.CopyTo uses.</summary>
    internal const int BufferSize = 81920;

    /// <summary>Content types accepted as an MP3 body; anything else (JSON, an HTML page) is never saved.</summary>
    private static readonly HashSet<string> AudioMediaTypes = new(StringComparer.OrdinalIgnoreCase) { "audio/mpeg", "audio/mp3" };

    private readonly ApiResponse _response;

    internal TrackDownload(ApiResponse response, string trackId, string? suggestedFileName, long? contentLength, bool preview = false)
    {
        _response = response;
        TrackId = trackId;
        SuggestedFileName = suggestedFileName;
        ContentLength = contentLength;
        IsPreview = preview;
    }

    internal string TrackId { get; }

    /// <summary>The name from Content-Disposition, as sent but with the key redacted (unsafe until passed through <see cref="SafeFileName"/>).</summary>
    internal string? SuggestedFileName { get; }

    /// <summary>The announced body length, when the server sent one.</summary>
    internal long? ContentLength { get; }

    /// <summary>Whether this is a free preview rather than a bought download.</summary>
    internal bool IsPreview { get; }

    /// <summary>"download" or "preview", for messages.</summary>
    private string Kind => IsPreview ? "preview" : "download";

    /// <summary>What a failed preview cost (nothing); a download's cost is told by the transport, which knows it was charged.</summary>
    private string CostNote => IsPreview ? " (a preview costs no credit)" : string.Empty;

    /// <summary>
    /// Checks a successful answer's headers before a byte of its body is read: audio, and not compressed (the
    /// module never asks for compression, and a compressed body could expand without bound).
    /// </summary>
    /// <exception cref="TrackyardApiException">InvalidResponse: the answer is not audio, or is compressed.</exception>
    internal static TrackDownload Open(ApiResponse response, string trackId, bool preview)
    {
        var id = DisplayText.Quote(trackId);
        var kind = preview ? "preview" : "download";
        var cost = preview ? " (a preview costs no credit)" : string.Empty;
        var mediaType = response.MediaType;
        if (mediaType is null || !AudioMediaTypes.Contains(mediaType))
        {
            var shown = response.Wire.Clean(mediaType, 100) ?? "no Content-Type";
            throw response.Annotate(JsonBody.Invalid(
                $"Trackyard answered the {kind} of track {id} with {shown} instead of audio/mpeg; nothing was saved{cost}."));
        }

        if (response.ContentEncodings.Length > 0)
        {
            var shown = response.Wire.Clean(string.Join(", ", response.ContentEncodings), 100);
            throw response.Annotate(JsonBody.Invalid(
                $"Trackyard sent the {kind} audio of track {id} compressed (Content-Encoding: {shown}), which the module never asks for; nothing was saved{cost}."));
        }

        var disposition = response.Message.Content!.Headers.TryGetValues("Content-Disposition", out var values) ? string.Join(", ", values) : null;
        return new TrackDownload(response, trackId, response.Wire.Redact(ContentDispositionFileName.Parse(disposition)), response.ContentLength, preview);
    }

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
                    throw Failure($"The {Kind} of track {DisplayText.Quote(TrackId)} sent more than the {promised} bytes it announced; nothing was saved.");
                }

                await destination.WriteAsync(buffer, 0, read, cancellationToken).ConfigureAwait(false);
                progress?.Invoke(total);
            }
        }

        if (ContentLength is long expected && total != expected)
        {
            throw Failure($"The {Kind} of track {DisplayText.Quote(TrackId)} ended after {total} of {expected} bytes; nothing was saved{CostNote}.");
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
                $"The {Kind} of track {DisplayText.Quote(TrackId)} broke off after {soFar}{of} bytes: {TransportFailure.Innermost(ex, _response.Wire)}. Nothing was saved{CostNote}.",
                ex);
        }
    }

    private TrackyardApiException Failure(string message, Exception? inner = null) =>
        _response.Annotate(new TrackyardApiException(TrackyardFailureKind.InvalidResponse, message, inner is null ? null : TransportFailure.Redacted(inner, _response.Wire)));
}
