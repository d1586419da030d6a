using System.Text;
using Microsoft.AspNetCore.Http.Features;

namespace Trackyard.Emulator;

/// <summary>
/// Writes the answer a fault describes. <c>truncated</c>, <c>abort</c> and <c>abort_before_headers</c> end the
/// connection on purpose. The placeholders {key} and {KEY} in the reason, header values, content type and body text
/// become the key the client presented, as sent and upper-cased.
/// </summary>
internal static class FaultResponder
{
    private static readonly TimeSpan HangUpDelay = TimeSpan.FromMilliseconds(200);

    public static async Task WriteAsync(ApiCall call, FaultSpec fault)
    {
        var context = call.Context;
        var response = context.Response;
        if (fault.AbortBeforeHeaders)
        {
            // The whole request arrives, then the connection goes without a byte of answer: the client cannot tell
            // whether the request was processed.
            await context.Request.Body.CopyToAsync(Stream.Null, context.RequestAborted);
            response.StatusCode = fault.Status;
            if (fault.DelayMs > 0)
            {
                await Task.Delay(fault.DelayMs, context.RequestAborted);
            }

            context.Abort();
            return;
        }

        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }

        var key = call.PresentedKey;
        response.StatusCode = fault.Status;
        if (fault.Reason is { } reason)
        {
            context.Features.GetRequiredFeature<IHttpResponseFeature>().ReasonPhrase = FaultSpec.WithKey(reason, key);
        }

        foreach (var (name, value) in fault.Headers)
        {
            response.Headers[name] = FaultSpec.WithKey(value, key);
        }

        if (fault.HeaderBytes is { } padding)
        {
            response.Headers[FaultSpec.PaddingHeader] = new string('a', padding);
        }

        var bodyAllowed = fault.Status is not (204 or 304) && fault.Status >= 200;
        if (fault.GzipExpandBytes is { } expanded && bodyAllowed && !fault.Abort)
        {
            await WriteGzipAsync(context, fault, expanded, key);
            return;
        }

        var body = Body(fault, call);
        var contentType = fault.ContentType is { } custom ? FaultSpec.WithKey(custom, key) : DefaultContentType(fault.Body);
        if (contentType is not null && bodyAllowed)
        {
            response.ContentType = contentType;
        }

        if (fault.Abort)
        {
            await response.StartAsync(context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            await HangUpAsync(context);
            return;
        }

        if (!bodyAllowed)
        {
            return;
        }

        if (fault.Body == FaultSpec.TruncatedBody)
        {
            // Promise the whole body, send half of it, hang up.
            response.ContentLength = body.Length + 64;
            await response.Body.WriteAsync(body.AsMemory(0, body.Length / 2), context.RequestAborted);
            await response.Body.FlushAsync(context.RequestAborted);
            await HangUpAsync(context);
            return;
        }

        response.ContentLength = body.Length;
        await response.Body.WriteAsync(body, context.RequestAborted);
    }

    /// <summary>Compressed "audio": Content-Encoding gzip, audio/mpeg unless the fault names a type, the length when measured.</summary>
    private static async Task WriteGzipAsync(HttpContext context, FaultSpec fault, long expandedBytes, string key)
    {
        var response = context.Response;
        response.ContentType = fault.ContentType is { } custom ? FaultSpec.WithKey(custom, key) : "audio/mpeg";
        response.Headers.ContentEncoding = "gzip";
        response.ContentLength = fault.GzipContentLength;
        await GzipBody.WriteAsync(response.Body, expandedBytes, context.RequestAborted);
    }

    /// <summary>
    /// Resets the connection after what was flushed has had time to arrive. An immediate reset makes the client's
    /// TCP stack discard data it has received but not yet read, so the client would see a reset before the status
    /// line instead of headers followed by a broken body.
    /// </summary>
    private static async Task HangUpAsync(HttpContext context)
    {
        try
        {
            await Task.Delay(HangUpDelay, context.RequestAborted);
        }
        catch (OperationCanceledException)
        {
            // The client went away first; nothing left to cut.
        }

        context.Abort();
    }

    private static byte[] Body(FaultSpec fault, ApiCall call)
    {
        if (fault.BodyText is not null)
        {
            var once = Encoding.UTF8.GetBytes(FaultSpec.WithKey(fault.BodyText, call.PresentedKey));
            if (fault.BodyRepeat == 1)
            {
                return once;
            }

            var repeated = new byte[once.Length * fault.BodyRepeat];
            for (var offset = 0; offset < repeated.Length; offset += once.Length)
            {
                once.CopyTo(repeated, offset);
            }

            return repeated;
        }

        var profile = call.State.Options.Profile;
        return fault.Body switch
        {
            FaultSpec.EmptyBody => [],
            FaultSpec.HtmlBody => Encoding.UTF8.GetBytes(
                $"<!DOCTYPE html>\n<html><head><title>{fault.Status} {ErrorBodies.Defaults(fault.Status).Error}</title></head>"
                + $"<body><h1>{fault.Status} {ErrorBodies.Defaults(fault.Status).Error}</h1><hr><p>nginx</p></body></html>\n"),
            FaultSpec.InvalidJsonBody => Encoding.UTF8.GetBytes("{\"error\": \"Internal Server Error\", \"message\": "),
            _ => ErrorBodies.Serialize(profile, fault.Status, null, null, profile == EmulatorProfile.Default ? RequestIds.Of(call.Context) : null),
        };
    }

    private static string? DefaultContentType(string bodyKind) => bodyKind switch
    {
        FaultSpec.EmptyBody => null,
        FaultSpec.HtmlBody => "text/html; charset=utf-8",
        _ => JsonResponse.ContentType,
    };
}
