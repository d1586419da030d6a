using System;
using System.Diagnostics;
using System.Globalization;
using System.Management.Automation;

namespace Trackyard;

/// <summary>
/// The progress bar of one download: bytes of Content-Length (or just bytes when the length is unknown),
/// at most one update every 250 ms so that a fast download is not slowed down by drawing.
/// </summary>
internal sealed class DownloadProgress
{
    internal static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(250);

    private readonly int _activityId;
    private readonly string _activity;
    private readonly long? _total;
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private TimeSpan _last = -Interval;

    internal DownloadProgress(int activityId, string activity, long? totalBytes)
    {
        _activityId = activityId;
        _activity = activity;
        _total = totalBytes > 0 ? totalBytes : null;
    }

    /// <summary>A record to show for <paramref name="bytes"/> received, or null when the last one is too recent.</summary>
    internal ProgressRecord? Next(long bytes)
    {
        var now = _clock.Elapsed;
        if (now - _last < Interval && bytes != _total)
        {
            return null;
        }

        _last = now;
        var record = new ProgressRecord(_activityId, _activity, Describe(bytes));
        if (_total is long total)
        {
            record.PercentComplete = (int)Math.Min(100, bytes * 100 / total);
            var rate = bytes / Math.Max(now.TotalSeconds, 0.001);
            record.SecondsRemaining = rate > 0 ? (int)Math.Min(int.MaxValue, (total - bytes) / rate) : -1;
        }

        return record;
    }

    /// <summary>The record that removes the bar.</summary>
    internal ProgressRecord Completed() =>
        new(_activityId, _activity, "Done") { RecordType = ProgressRecordType.Completed };

    private string Describe(long bytes) => _total is long total
        ? string.Format(CultureInfo.InvariantCulture, "{0} of {1}", ByteSize.Format(bytes), ByteSize.Format(total))
        : ByteSize.Format(bytes);
}
