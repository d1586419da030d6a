using System;
using System.Linq;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>Sending one attempt: the headers, and redirects followed by hand as <see cref="RedirectPolicy"/> decides.</summary>
internal sealed partial class TrackyardClient
{
    /// <summary>
    /// Sends the call's request and follows the redirects the policy allows. Returns the last response and, when a
    /// redirect was refused or went to another address, a note for the error message.
    /// </summary>
    private async Task<(HttpResponseMessage Message, string? Note)> SendFollowingRedirectsAsync(ApiCall call, CancellationToken cancellationToken)
    {
        var name = call.Request.Name;
        using var first = CreateRequest(call.Request);
        PrepareHeaders(first, call.Request, sendKey: true);
        var message = await _http.SendAsync(first, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        var current = first.RequestUri!;
        var method = first.Method;
        var keepBody = true;
        string? note = null;
        for (var redirects = 0; ErrorTable.ForStatus((int)message.StatusCode).Followed; redirects++)
        {
            var decision = Decide(method, current, message, redirects);
            if (decision.Refusal != null)
            {
                var refusal = _wire.Clean(decision.Refusal, 500)!;
                call.Observer.OnVerbose($"{name}: {(int)message.StatusCode} redirect not followed: {refusal}");
                return (message, refusal);
            }

            var target = decision.Target!;
            var shown = _wire.Clean(RedirectPolicy.Describe(target), 200);
            call.Observer.OnVerbose($"{name}: {(int)message.StatusCode} redirect to {decision.Method} {shown}"
                + (decision.SendKey ? string.Empty : " (another address: the API key is not sent)"));
            note = decision.SendKey ? null : $"The request was redirected to {shown}, another address, so the API key was not sent there.";
            message.Dispose();

            method = decision.Method!;
            current = target;
            keepBody &= decision.KeepBody;
            using var hop = CreateRequest(call.Request);
            hop.Method = method;
            hop.RequestUri = target;
            if (!keepBody)
            {
                hop.Content?.Dispose();
                hop.Content = null;
            }

            PrepareHeaders(hop, call.Request, decision.SendKey);
            message = await _http.SendAsync(hop, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        }

        return (message, note);
    }

    private RedirectDecision Decide(HttpMethod method, Uri current, HttpResponseMessage message, int redirects)
    {
        var status = (int)message.StatusCode;
        var location = message.Headers.Location;
        if (location is null && message.Headers.TryGetValues("Location", out var raw) && raw.Any(value => !string.IsNullOrWhiteSpace(value)))
        {
            return RedirectDecision.Refuse($"The {status} redirect has a Location that is not a valid address ({string.Join(", ", raw)}).");
        }

        try
        {
            return RedirectPolicy.Decide(_options.BaseUri, method, current, status, location, redirects);
        }
        catch (UriFormatException)
        {
            return RedirectDecision.Refuse($"The {status} redirect has a Location that is not a valid address ({location}).");
        }
    }

    /// <summary>Accept, User-Agent and, when <paramref name="sendKey"/>, the Bearer key (a string only while the header is written).</summary>
    private void PrepareHeaders(HttpRequestMessage message, ApiRequest request, bool sendKey)
    {
        message.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue(request.Accept));
        message.Headers.TryAddWithoutValidation("User-Agent", _options.UserAgent);
        if (sendKey)
        {
            _key.UsePlainText(plain => message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", plain));
        }
    }
}
