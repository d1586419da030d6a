using System;
using System.Globalization;

namespace Trackyard;

/// <summary>How waits are written in warnings and errors: whole seconds, and local clock times.</summary>
internal static class WaitText
{
    /// <summary>A wait in whole seconds, rounded ("42" for Retry-After 42 plus the margin).</summary>
    internal static string Seconds(TimeSpan wait) =>
        Math.Max(0, Math.Round(wait.TotalSeconds)).ToString(CultureInfo.InvariantCulture);

    /// <summary>The local time <paramref name="wait"/> from now: "14:05:10", or with the date when it is not today.</summary>
    internal static string LocalTimeAfter(TimeSpan wait, TimeProvider time)
    {
        var now = time.GetLocalNow();
        var at = now + wait;
        var format = at.Date == now.Date ? "HH:mm:ss" : "yyyy-MM-dd HH:mm:ss";
        return at.ToString(format, CultureInfo.InvariantCulture) + " (local time)";
    }
}
