using System;

namespace Trackyard;

/// <summary>
/// The preview of one track: its id (for messages) and its preview URL, checked before anything is sent: an absolute
/// http or https address without user information, and plain http only to this machine, as for base URIs.
/// </summary>
internal sealed class PreviewRequest
{
    private PreviewRequest(string trackId, Uri url)
    {
        TrackId = trackId;
        Url = url;
    }

    internal string TrackId { get; }

    internal Uri Url { get; }

    /// <summary>The preview of <paramref name="trackId"/> at <paramref name="previewUrl"/>.</summary>
    /// <exception cref="TrackyardApiException">InvalidInput: no preview URL, or one the module does not fetch.</exception>
    internal static PreviewRequest From(string trackId, string? previewUrl)
    {
        var track = "track " + DisplayText.Quote(trackId);
        if (string.IsNullOrWhiteSpace(previewUrl))
        {
            throw Refused($"The {track} has no PreviewUrl, so there is no preview to save.");
        }

        if (!Uri.TryCreate(previewUrl!.Trim(), UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            throw Refused($"The PreviewUrl of {track} is not an http or https address ({DisplayText.Clean(previewUrl, 200)}).");
        }

        var shown = RedirectPolicy.Describe(url);
        if (!string.IsNullOrEmpty(url.UserInfo))
        {
            throw Refused($"The PreviewUrl of {track} contains user information; it is not fetched.");
        }

        if (url.Scheme == Uri.UriSchemeHttp && !BaseUriPolicy.IsLoopback(url))
        {
            throw Refused($"The PreviewUrl of {track} is plain http to another machine ({shown}); previews are fetched over https, or over http only from this machine.");
        }

        return new PreviewRequest(trackId, url);
    }

    private static TrackyardApiException Refused(string message) =>
        new(TrackyardFailureKind.InvalidInput, message + " Nothing was sent.");
}
