using System.Globalization;

namespace Trackyard.Emulator;

/// <summary>
/// The rate-limit and credit headers, set when the response starts so they show the state after this request.
/// A header whose value is unlimited is omitted. Headers a fault set explicitly are left alone. RateLimit-Reset is a
/// convenience of the default profile: the public docs publish no reset-time header.
/// </summary>
internal static class RateHeaders
{
    public const string Limit = "X-RateLimit-Limit";
    public const string Remaining = "X-RateLimit-Remaining";
    public const string LimitDaily = "X-RateLimit-Limit-Daily";
    public const string RemainingDaily = "X-RateLimit-Remaining-Daily";
    public const string CreditsRemaining = "X-Credits-Remaining";
    public const string Reset = "RateLimit-Reset";

    public static Task ApplyAsync(object state)
    {
        var call = (ApiCall)state;
        var snapshot = call.Account.Snapshot(call.State.Now);
        var headers = call.Context.Response.Headers;
        Set(headers, Limit, snapshot.MinuteLimit);
        Set(headers, Remaining, snapshot.MinuteRemaining);
        Set(headers, LimitDaily, snapshot.DayLimit);
        Set(headers, RemainingDaily, snapshot.DayRemaining);
        Set(headers, CreditsRemaining, snapshot.Credits);
        if (call.State.Options.Profile == EmulatorProfile.Default)
        {
            Set(headers, Reset, snapshot.MinuteResetSeconds);
        }

        return Task.CompletedTask;
    }

    private static void Set(IHeaderDictionary headers, string name, long? value)
    {
        if (value is { } number && !headers.ContainsKey(name))
        {
            headers[name] = number.ToString(CultureInfo.InvariantCulture);
        }
    }
}
