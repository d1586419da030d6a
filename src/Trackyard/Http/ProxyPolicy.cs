using System;
using System.Net;
using System.Security;

namespace Trackyard;

/// <summary>Turns -Proxy and -ProxyCredential of Connect-Trackyard into the connection's proxy.</summary>
internal static class ProxyPolicy
{
    /// <summary>
    /// The proxy for every request of the connection, or null for the default (the system proxy and
    /// HTTPS_PROXY/HTTP_PROXY/NO_PROXY). Throws an InvalidInput failure for an address that is not a proxy URI, and
    /// for a proxy in front of a plain-http base URI: the proxy would see the key in clear text.
    /// </summary>
    internal static IWebProxy? Create(Uri? proxy, string? userName, SecureString? password, Uri baseUri)
    {
        if (proxy == null)
        {
            if (userName != null)
            {
                throw Invalid("-ProxyCredential needs -Proxy: give the proxy's address too.");
            }

            return null;
        }

        if (!proxy.IsAbsoluteUri || !IsProxyScheme(proxy.Scheme))
        {
            throw Invalid($"The proxy '{proxy}' is not a proxy address; give it as http://host:port (https, socks4, socks4a and socks5 also work).");
        }

        if (!string.IsNullOrEmpty(proxy.UserInfo))
        {
            throw Invalid("The proxy address must not contain a user name or password: pass them with -ProxyCredential.");
        }

        if (baseUri.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid($"-Proxy needs an https base URI: through a proxy, the API key would travel to {baseUri.Host} in clear text over plain http. Requests to this machine do not need a proxy.");
        }

        // Every request goes through the proxy, including requests to this machine: the user asked for it.
        return new WebProxy(proxy)
        {
            BypassProxyOnLocal = false,
            Credentials = userName == null ? null : new NetworkCredential(userName, password),
        };
    }

    private static bool IsProxyScheme(string scheme) =>
        scheme is "http" or "https" or "socks4" or "socks4a" or "socks5";

    private static TrackyardApiException Invalid(string message) => new(TrackyardFailureKind.InvalidInput, message);
}
