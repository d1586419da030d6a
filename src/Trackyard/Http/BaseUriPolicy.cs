using System;
using System.Net;

namespace Trackyard;

/// <summary>Which base URIs the module talks to, and their one normal form (no trailing slash).</summary>
internal static class BaseUriPolicy
{
    /// <summary>The real service.</summary>
    internal static readonly Uri Default = new("https://api.trackyard.com/api/external/v1");

    /// <summary>Where the API lives under a service's address.</summary>
    internal const string ApiPath = "/api/external/v1";

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

        // An address without a path (what the emulator prints, or the service's host) means the API under it.
        var path = baseUri.AbsolutePath.TrimEnd('/');
        var builder = new UriBuilder(baseUri) { Path = path.Length == 0 ? ApiPath : path };
        return builder.Uri;
    }

    /// <summary>Whether <see cref="Normalize"/> added <see cref="ApiPath"/> to an address that had no path.</summary>
    internal static bool AddedApiPath(Uri given, Uri normalized) =>
        given.IsAbsoluteUri && given.AbsolutePath.TrimEnd('/').Length == 0 && normalized.AbsolutePath == ApiPath;

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
