using System.Security.Cryptography;

namespace Trackyard.Emulator;

/// <summary>Every response carries X-Request-Id; error bodies repeat it as request_id.</summary>
internal static class RequestIds
{
    public const string Header = "X-Request-Id";
    private const string ItemKey = "Trackyard.RequestId";

    public static string Assign(HttpContext context)
    {
        var id = "req_" + Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(8));
        context.Items[ItemKey] = id;
        context.Response.Headers[Header] = id;
        return id;
    }

    public static string Of(HttpContext context) => context.Items[ItemKey] as string ?? Assign(context);
}
