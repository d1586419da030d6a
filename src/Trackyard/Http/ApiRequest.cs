using System;
using System.Net.Http;

namespace Trackyard;

/// <summary>
/// One request to an endpoint, as the endpoint describes it: method, path, JSON body (serialized once, sent again
/// unchanged by retries and redirects), whether a success costs a credit, and what it is about (for messages).
/// A request made with <see cref="ForUrl"/> goes to an absolute address instead (a preview URL); the transport
/// sends it the API key only when that address has the base URI's scheme, host and port.
/// </summary>
internal sealed class ApiRequest
{
    /// <param name="method">GET or POST.</param>
    /// <param name="path">The path under the base URI, with its query, e.g. "usage?limit=5&amp;offset=0".</param>
    /// <param name="body">The UTF-8 JSON body, or null.</param>
    /// <param name="charged">Whether a success costs a credit: such a request is never sent twice once it may have arrived.</param>
    /// <param name="subject">What the request is about, for messages ("track 'abc'"), or null.</param>
    /// <param name="accept">The media type the answer should have.</param>
    internal ApiRequest(HttpMethod method, string path, byte[]? body = null, bool charged = false, string? subject = null, string accept = "application/json")
    {
        Accept = accept;
        Method = method;
        Path = path;
        Body = body;
        Charged = charged;
        Subject = subject;
    }

    private ApiRequest(Uri url, string subject, string accept)
    {
        Accept = accept;
        Method = HttpMethod.Get;
        Path = string.Empty;
        Url = url;
        Subject = subject;
    }

    internal HttpMethod Method { get; }

    /// <summary>The path under the base URI; empty for a request to <see cref="Url"/>.</summary>
    internal string Path { get; }

    /// <summary>The absolute address of a request outside the API's endpoints, or null for an endpoint of the API.</summary>
    internal Uri? Url { get; }

    /// <summary>Whether this is a request to one of the API's endpoints (a path under the base URI).</summary>
    internal bool IsApiEndpoint => Url is null;

    /// <summary>The UTF-8 JSON body, or null.</summary>
    internal byte[]? Body { get; }

    internal bool Charged { get; }

    /// <summary>The Accept header: what a successful answer should be.</summary>
    internal string Accept { get; }

    internal string? Subject { get; }

    /// <summary>"POST /search", or "GET https://cdn.example/p/abc.mp3" (no query): how messages name the request.</summary>
    internal string Name => Method.Method + " " + (Url is null ? "/" + Path : RedirectPolicy.Describe(Url));

    /// <summary>A free GET of an absolute address outside the API's endpoints, such as a track's preview URL.</summary>
    internal static ApiRequest ForUrl(Uri url, string subject, string accept) => new(url, subject, accept);

    /// <summary>" for track 'abc'" or nothing, to follow a sentence about the request.</summary>
    internal string ForSubject => Subject is null ? string.Empty : " for " + Subject;
}
