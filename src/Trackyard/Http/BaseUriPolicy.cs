using System;
using System.Net;

namespace Trackyard;

/// <summary>Which base URIs the module talks to, and their one normal form (no trailing slash).</summary>
internal static class BaseUriPolicy
{
    /// <summary>The real service.</summary>
    internal static readonly Uri Default = new("https://api.trackyard.com/api/external/v1");

    /// <summary>
    /// Returns the normalised base URI, or throws an InvalidInput failure: the key must never travel in clear
    /// text, so plain http is allowed only to this machine (the emulator).
    /// </summary>
    internal static Uri Normalize(Uri? baseUri)
    {
        baseUri ??= Default;
        if (!baseUri.IsAbsoluteUri)
        {
            throw Invalid($"The base URI '{baseUri}' is not absolute; give the full address, such as {Default}.");
        }

        var isHttps = baseUri.Scheme == Uri.UriSchemeHttps;
        var isHttp = baseUri.Scheme == Uri.UriSchemeHttp;
        if (!isHttps && !isHttp)
        {
            throw Invalid($"The base URI '{baseUri}' must use https.");
        }

        if (isHttp && !IsLoopback(baseUri))
        {
            throw Invalid($"Refusing plain http to '{baseUri.Host}': the API key would travel unencrypted. Use https (http is allowed only to localhost, 127.0.0.0/8 or ::1).");
        }

        if (!string.IsNullOrEmpty(baseUri.UserInfo) || !string.IsNullOrEmpty(baseUri.Query) || !string.IsNullOrEmpty(baseUri.Fragment))
        {
            throw Invalid($"The base URI must not contain user information, a query or a fragment.");
        }

        var builder = new UriBuilder(baseUri) { Path = baseUri.AbsolutePath.TrimEnd('/') };
        return builder.Uri;
    }

    /// <summary>Joins the base URI and an endpoint path such as "/search" or "usage?limit=5".</summary>
    internal static Uri Combine(Uri baseUri, string path) =>
        new(baseUri.AbsoluteUri.TrimEnd('/') + "/" + path.TrimStart('/'));

    internal static bool IsLoopback(Uri uri)
    {
        if (string.Equals(uri.Host, "localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(uri.DnsSafeHost, out var address) && IPAddress.IsLoopback(address);
    }

    private static TrackyardApiException Invalid(string message) => new(TrackyardFailureKind.InvalidInput, message);
}
