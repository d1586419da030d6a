using System;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>POST /download-track (1 credit per answered download): a track or a clip as a streamed MP3 body.</summary>
internal static class DownloadEndpoint
{
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
            new ApiRequest(HttpMethod.Post, "download-track", request.ToJson(), charged: true, subject: "track " + DisplayText.Quote(request.TrackId), accept: "audio/mpeg"),
            (response, token) => save(TrackDownload.Open(response, request.TrackId, preview: false), token),
            call,
            cancellationToken);
}
