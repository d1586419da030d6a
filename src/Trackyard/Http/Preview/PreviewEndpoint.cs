using System;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// GET of a track's preview_url (free): a short MP3, from the service or from another host such as a CDN. It is not
/// one of the API's endpoints: it costs no credit, does not pass the key's rate limiter, and the transport sends the
/// API key along only when the URL has the base URI's scheme, host and port.
/// </summary>
internal static class PreviewEndpoint
{
    /// <summary>
    /// Fetches the preview and, once a successful answer's headers are checked (audio, not compressed), hands its
    /// body to <paramref name="save"/>, within the attempt and its timeout.
    /// </summary>
    internal static Task<T> DownloadPreviewAsync<T>(
        this TrackyardClient client,
        PreviewRequest request,
        Func<TrackDownload, CancellationToken, Task<T>> save,
        CallOptions call,
        CancellationToken cancellationToken) =>
        client.SendAsync(
            ApiRequest.ForUrl(request.Url, "the preview of track " + DisplayText.Quote(request.TrackId), accept: "audio/mpeg"),
            (response, token) => save(TrackDownload.Open(response, request.TrackId, preview: true), token),
            call,
            cancellationToken);
}
