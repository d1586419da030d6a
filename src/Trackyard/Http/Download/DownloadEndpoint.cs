using System;
using System.Collections.Generic;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>POST /download-track (1 credit per answered download): a track or a clip as a streamed MP3 body.</summary>
internal static class DownloadEndpoint
{
    /// <summary>Content types accepted as an MP3 body; anything else (JSON, an HTML page) is never saved.</summary>
    private static readonly HashSet<string> AudioMediaTypes = new(StringComparer.OrdinalIgnoreCase) { "audio/mpeg", "audio/mp3" };

    /// <summary>
    /// Sends the download request and, once a successful answer's headers are checked (audio, not compressed), hands
    /// its body to <paramref name="save"/>, within the attempt and its timeout. The credit is spent once the service
    /// answers, whether or not the body is read; a body that broke off is never downloaded again automatically.
    /// </summary>
    internal static Task<T> DownloadTrackAsync<T>(
        this TrackyardClient client,
        DownloadRequest request,
        Func<TrackDownload, CancellationToken, Task<T>> save,
        CallOptions call,
        CancellationToken cancellationToken) =>
        client.SendAsync(
            new ApiRequest(HttpMethod.Post, "download-track", request.ToWire(), charged: true, subject: "track " + DisplayText.Quote(request.TrackId), accept: "audio/mpeg"),
            (response, token) => save(Check(response, request), token),
            call,
            cancellationToken);

    private static TrackDownload Check(ApiResponse response, DownloadRequest request)
    {
        var id = DisplayText.Quote(request.TrackId);
        var mediaType = response.MediaType;
        if (mediaType is null || !AudioMediaTypes.Contains(mediaType))
        {
            var shown = response.Wire.Clean(mediaType, 100) ?? "no Content-Type";
            throw response.Annotate(JsonBody.Invalid(
                $"Trackyard answered the download of track {id} with {shown} instead of audio/mpeg; nothing was saved."));
        }

        if (response.ContentEncodings.Length > 0)
        {
            var shown = response.Wire.Clean(string.Join(", ", response.ContentEncodings), 100);
            throw response.Annotate(JsonBody.Invalid(
                $"Trackyard sent the audio of track {id} compressed (Content-Encoding: {shown}), which the module never asks for; nothing was saved."));
        }

        var disposition = response.Message.Content!.Headers.TryGetValues("Content-Disposition", out var values) ? string.Join(", ", values) : null;
        return new TrackDownload(response, request.TrackId, response.Wire.Redact(ContentDispositionFileName.Parse(disposition)), response.ContentLength);
    }
}
