using System;
using System.Globalization;

namespace Trackyard;

/// <summary>
/// Sizes as the module prints them, in decimal units (1 KB = 1,000 bytes, 1 MB = 1,000,000 bytes), as the README
/// and most download tools count them: 57,600,208 bytes is 57.6 MB everywhere.
/// </summary>
internal static class ByteSize
{
    /// <summary>"20 KB", "57.6 MB", "1.25 GB": whole kilobytes below a megabyte, then one or two decimals.</summary>
    internal static string Format(long bytes)
    {
        var kilobytes = Math.Round(bytes / 1e3);
        if (kilobytes < 1000)
        {
            return string.Format(CultureInfo.InvariantCulture, "{0:0} KB", kilobytes);
        }

        var megabytes = bytes / 1e6;
        return Math.Round(megabytes, 1) < 1000
            ? string.Format(CultureInfo.InvariantCulture, "{0:0.0} MB", megabytes)
            : string.Format(CultureInfo.InvariantCulture, "{0:0.00} GB", bytes / 1e9);
    }
}
