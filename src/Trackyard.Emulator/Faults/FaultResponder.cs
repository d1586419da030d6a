using System.Text;

namespace Trackyard.Emulator;

/// <summary>Writes the answer a fault describes. <c>truncated</c> and <c>abort</c> end the connection on purpose.</summary>
internal static class FaultResponder
{
    public static async Task WriteAsync(ApiCall call, FaultSpec fault)
    {
        var context = call.Context;
        var response = context.Response;
        if (fault.DelayMs > 0)
        {
            await Task.Delay(fault.DelayMs, context.RequestAborted);
        }

        response.StatusCode = fault.Status;
        foreach (var (name, value) in fault.Headers)
        {
            response.Headers[name] = value;
        }

        var body = Body(fault, RequestIds.Of(context));
        var contentType = fault.ContentType ?? DefaultContentType(fault.Body);
        var bodyAllowed = fault.Status is not (204 or 304) && fault.Status >= 200;
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

    private static readonly TimeSpan HangUpDelay = TimeSpan.FromMilliseconds(200);

    private static byte[] Body(FaultSpec fault, string requestId)
    {
        if (fault.BodyText is not null)
        {
            return Encoding.UTF8.GetBytes(fault.BodyText);
        }

        return fault.Body switch
        {
            FaultSpec.EmptyBody => [],
            FaultSpec.HtmlBody => Encoding.UTF8.GetBytes(
                $"<!DOCTYPE html>\n<html><head><title>{fault.Status} {ErrorBodies.Defaults(fault.Status).Error}</title></head>"
                + $"<body><h1>{fault.Status} {ErrorBodies.Defaults(fault.Status).Error}</h1><hr><p>nginx</p></body></html>\n"),
            FaultSpec.InvalidJsonBody => Encoding.UTF8.GetBytes("{\"error\": \"Internal Server Error\", \"message\": "),
            _ => ErrorBodies.Serialize(fault.Status, null, null, requestId),
        };
    }

    private static string? DefaultContentType(string bodyKind) => bodyKind switch
    {
        FaultSpec.EmptyBody => null,
        FaultSpec.HtmlBody => "text/html; charset=utf-8",
        _ => JsonResponse.ContentType,
    };
}
