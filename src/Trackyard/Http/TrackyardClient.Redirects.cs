using System;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>Redirects, followed by hand as <see cref="RedirectPolicy"/> decides, within one attempt and its timeout.</summary>
internal sealed partial class TrackyardClient
{
    /// <summary>
    /// Sends <paramref name="first"/> and follows the redirects the policy allows. Returns the last response and, when
    /// a redirect was refused or went to another address, a note for the error message.
    /// </summary>
    private async Task<(HttpResponseMessage Message, string? Note)> SendFollowingRedirectsAsync(
        HttpRequestMessage first,
        Func<HttpRequestMessage> createRequest,
        IApiCallObserver observer,
        string endpoint,
        CancellationToken cancellationToken)
    {
        var message = await _http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var current = first.RequestUri!;
        var method = first.Method;
        var keepBody = true;
        string? note = null;
        for (var redirects = 0; RedirectPolicy.IsFollowedStatus((int)message.StatusCode); redirects++)
        {
            var decision = Decide(method, current, message, redirects);
            if (decision.Refusal != null)
            {
                var refusal = _key.Redact(decision.Refusal)!;
                observer.OnVerbose($"{endpoint}: {(int)message.StatusCode} redirect not followed: {refusal}");
                return (message, refusal);
            }

            var target = decision.Target!;
            var shown = _key.Redact(RedirectPolicy.Describe(target));
            observer.OnVerbose($"{endpoint}: {(int)message.StatusCode} redirect to {decision.Method} {shown}"
                + (decision.SendKey ? string.Empty : " (another address: the API key is not sent)"));
            note = decision.SendKey ? null : $"The request was redirected to {shown}, another address, so the API key was not sent there.";
            message.Dispose();

            method = decision.Method!;
            current = target;
            keepBody &= decision.KeepBody;
            using var hop = CreateHop(createRequest, method, target, keepBody, decision.SendKey);
            message = await _http.SendAsync(hop, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        return (message, note);
    }

    private RedirectDecision Decide(HttpMethod method, Uri current, HttpResponseMessage message, int redirects)
    {
        try
        {
            return RedirectPolicy.Decide(_options.BaseUri, method, current, (int)message.StatusCode, message.Headers.Location, redirects);
        }
        catch (UriFormatException)
        {
            return RedirectDecision.Refuse($"The {(int)message.StatusCode} redirect has a Location that is not a valid address.");
        }
    }

    /// <summary>A fresh request for the next hop: the same endpoint request, re-aimed, with the key only when allowed.</summary>
    private HttpRequestMessage CreateHop(Func<HttpRequestMessage> createRequest, HttpMethod method, Uri target, bool keepBody, bool sendKey)
    {
        var hop = createRequest();
        hop.Method = method;
        hop.RequestUri = target;
        if (!keepBody)
        {
            hop.Content?.Dispose();
            hop.Content = null;
        }

        PrepareHeaders(hop, sendKey);
        return hop;
    }

    /// <summary>Accept, User-Agent and, when <paramref name="sendKey"/>, the Bearer key (a string only while the header is written).</summary>
    private void PrepareHeaders(HttpRequestMessage request, bool sendKey)
    {
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
        request.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (!sendKey)
        {
            return;
        }

        try
        {
            _key.UsePlainText(plain => request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", plain));
        }
        catch (ObjectDisposedException)
        {
            throw Disconnected();
        }
    }
}
