using System;
using System.Collections.Generic;
using System.Globalization;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>The endpoints of issue 5: POST /download-track (a streamed audio body) and GET /usage.</summary>
internal sealed partial class TrackyardClient
{
    /// <summary>Content types accepted as an MP3 body; anything else (JSON, an HTML page) is never saved.</summary>
    private static readonly HashSet<string> AudioMediaTypes = new(StringComparer.OrdinalIgnoreCase) { "audio/mpeg", "audio/mp3" };

    /// <summary>
    /// POST /download-track (1 credit on success): sends the request and checks the status and Content-Type.
    /// Returns with only the headers read; the caller streams the body with <see cref="TrackDownload.CopyToAsync"/>
    /// and disposes it. The credit is spent once this returns, whether or not the body is read.
    /// </summary>
    internal async Task<TrackDownload> DownloadTrackAsync(DownloadRequest request, CallOptions call, CancellationToken cancellationToken)
    {
        var response = await SendAsync(() => CreateDownloadRequest(request), call, cancellationToken).ConfigureAwait(false);
        try
        {
            var headers = response.Message.Content?.Headers;
            var mediaType = headers?.ContentType?.MediaType;
            if (mediaType is null || !AudioMediaTypes.Contains(mediaType))
            {
                var shown = DisplayText.Clean(mediaType, 100) ?? "no Content-Type";
                throw WithResponse(
                    ResponseReader.Invalid($"Trackyard answered the download of track '{request.TrackId}' with {shown} instead of audio/mpeg; nothing was saved."),
                    response);
            }

            var disposition = headers!.TryGetValues("Content-Disposition", out var values) ? string.Join(", ", values) : null;
            return new TrackDownload(response, request.TrackId, ContentDispositionFileName.Parse(disposition), headers.ContentLength);
        }
        catch
        {
            response.Dispose();
            throw;
        }
    }

    /// <summary>GET /usage (free): one page of the key's calls, newest first.</summary>
    internal Task<UsagePage> GetUsageAsync(int offset, int limit, CallOptions call, CancellationToken cancellationToken) =>
        SendJsonAsync(
            HttpMethod.Get,
            string.Format(CultureInfo.InvariantCulture, "usage?limit={0}&offset={1}", limit, offset),
            null,
            ResponseReader.ParseUsage,
            call,
            cancellationToken);

    private HttpRequestMessage CreateDownloadRequest(DownloadRequest request)
    {
        var message = CreateRequest(HttpMethod.Post, "download-track", request.ToWire());
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("audio/mpeg"));
        return message;
    }
}
