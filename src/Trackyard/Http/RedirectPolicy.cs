using System;
using System.Net.Http;

namespace Trackyard;

/// <summary>
/// Where and how the HTTP layer follows a redirect. HttpClientHandler's own redirects are off because they would
/// carry the Authorization header wherever a 3xx points. Which statuses are followed is the error table's column
/// (<see cref="ErrorTable"/>: 301, 302, 303, 307, 308); at most <see cref="MaxRedirects"/> in a row. The key goes only to the base URI's own scheme, host and port; https is
/// never downgraded to http, and plain http is followed only to loopback (as <see cref="BaseUriPolicy"/> allows).
/// 303 turns any method but GET/HEAD into a body-less GET (RFC 9110); the others keep the method and body, because
/// turning POST /search into a GET (as browsers do for 301/302) would only lose the query.
/// </summary>
internal static class RedirectPolicy
{
    internal const int MaxRedirects = 5;

    /// <summary>
    /// Decides what to do with a redirect status. <paramref name="redirectsSoFar"/> counts the ones already followed.
    /// </summary>
    internal static RedirectDecision Decide(Uri baseUri, HttpMethod method, Uri current, int status, Uri? location, int redirectsSoFar)
    {
        if (location is null)
        {
            return RedirectDecision.Refuse($"The {status} redirect has no Location header.");
        }

        var target = location.IsAbsoluteUri ? location : new Uri(current, location);
        var shown = Describe(target);
        if (redirectsSoFar >= MaxRedirects)
        {
            return RedirectDecision.Refuse($"More than {MaxRedirects} redirects in a row; the last one pointed to {shown}.");
        }

        if (target.Scheme != Uri.UriSchemeHttps && target.Scheme != Uri.UriSchemeHttp)
        {
            return RedirectDecision.Refuse($"The redirect points to {shown}, which is not http or https.");
        }

        if (current.Scheme == Uri.UriSchemeHttps && target.Scheme == Uri.UriSchemeHttp)
        {
            return RedirectDecision.Refuse($"The redirect points from https to plain http ({shown}); it is not followed.");
        }

        if (target.Scheme == Uri.UriSchemeHttp && !BaseUriPolicy.IsLoopback(target))
        {
            return RedirectDecision.Refuse($"The redirect points to plain http on another machine ({shown}); it is not followed.");
        }

        if (!string.IsNullOrEmpty(target.UserInfo))
        {
            return RedirectDecision.Refuse("The redirect points to an address with user information; it is not followed.");
        }

        var toGet = status == 303 && method != HttpMethod.Get && method != HttpMethod.Head;
        return new RedirectDecision(
            StripFragment(target),
            toGet ? HttpMethod.Get : method,
            keepBody: !toGet,
            sendKey: IsSameOrigin(baseUri, target),
            refusal: null);
    }

    /// <summary>Same scheme, host and port: the only place the key may go.</summary>
    internal static bool IsSameOrigin(Uri baseUri, Uri target) =>
        string.Equals(baseUri.Scheme, target.Scheme, StringComparison.OrdinalIgnoreCase)
        && string.Equals(baseUri.IdnHost, target.IdnHost, StringComparison.OrdinalIgnoreCase)
        && baseUri.Port == target.Port;

    /// <summary>Scheme, host, port and path only: a query could hold anything.</summary>
    internal static string Describe(Uri target) =>
        DisplayText.Clean(target.GetLeftPart(UriPartial.Path), 200) ?? "an empty address";

    private static Uri StripFragment(Uri target) =>
        string.IsNullOrEmpty(target.Fragment) ? target : new UriBuilder(target) { Fragment = string.Empty }.Uri;
}

/// <summary>Follow a redirect (where, how, with or without the key), or refuse it and say why.</summary>
internal sealed class RedirectDecision
{
    internal RedirectDecision(Uri? target, HttpMethod? method, bool keepBody, bool sendKey, string? refusal)
    {
        Target = target;
        Method = method;
        KeepBody = keepBody;
        SendKey = sendKey;
        Refusal = refusal;
    }

    /// <summary>Where to go next; null when refused.</summary>
    internal Uri? Target { get; }

    internal HttpMethod? Method { get; }

    /// <summary>Whether the request body is sent again (all but a 303 turned into GET).</summary>
    internal bool KeepBody { get; }

    /// <summary>Whether the Authorization header goes along (same origin as the base URI only).</summary>
    internal bool SendKey { get; }

    /// <summary>Why the redirect is not followed; null when it is.</summary>
    internal string? Refusal { get; }

    internal static RedirectDecision Refuse(string reason) => new(null, null, keepBody: false, sendKey: false, reason);
}
