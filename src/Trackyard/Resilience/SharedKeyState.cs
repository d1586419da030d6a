using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text;

namespace Trackyard;

/// <summary>
/// What the processes of one user on one machine have learnt about one key's rate limit, as its state file holds it
/// (see <see cref="KeyStateFile"/>). Times are wall-clock UTC, because a monotonic timestamp means nothing outside
/// the process that took it. Nothing here is secret: a few times, a count, and the leases of requests in flight.
/// </summary>
internal sealed class SharedKeyState
{
    /// <summary>More leases than this means the file is not ours: no machine runs that many processes on one key.</summary>
    internal const int MaxLeases = 256;

    private const string Header = "# Trackyard: what this user's PowerShell processes learnt about one key's rate limit. No key or secret in here; safe to delete.";
    private const string VersionLine = "version 1";
    private const string TimeFormat = "yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'";

    /// <summary>No request on the key before this: a 429 asked to wait.</summary>
    internal DateTimeOffset? CooldownUntil { get; set; }

    /// <summary>The key's window is used up until this (<see cref="UsedUpReason"/> says which window).</summary>
    internal DateTimeOffset? UsedUpUntil { get; set; }

    internal HoldReason UsedUpReason { get; set; }

    /// <summary>The server's latest count of requests left, with when the request behind it was sent and answered.</summary>
    internal SharedCount? Count { get; set; }

    /// <summary>Requests on their way, per limiter (one per process, or more in tests), until their lease ends.</summary>
    internal List<SendLease> Leases { get; } = new();

    /// <summary>
    /// Reads the file's text. Null when it is not a state file of this version, when a line cannot be read, or when a
    /// time lies further ahead than <paramref name="horizon"/> (no wait the API can ask for is that long): such a file
    /// is ignored and rewritten, never trusted in part.
    /// </summary>
    internal static SharedKeyState? Parse(string text, DateTimeOffset horizon)
    {
        var state = new SharedKeyState();
        var versionSeen = false;
        foreach (var raw in text.Split('\n'))
        {
            var line = raw.TrimEnd('\r');
            if (line.Length == 0 || line[0] == '#')
            {
                continue;
            }

            if (!state.TryRead(line.Split(' '), horizon, ref versionSeen))
            {
                return null;
            }
        }

        return versionSeen ? state : null;
    }

    /// <summary>The file's text: one fact per line, readable by a person who wonders what the module keeps.</summary>
    internal string ToText()
    {
        var text = new StringBuilder(256).Append(Header).Append('\n').Append(VersionLine).Append('\n');
        if (CooldownUntil is { } cooldown)
        {
            text.Append("cooldown-until ").Append(Format(cooldown)).Append('\n');
        }

        if (UsedUpUntil is { } usedUp)
        {
            text.Append("used-up-until ").Append(Format(usedUp)).Append(' ').Append(UsedUpReason).Append('\n');
        }

        if (Count is { } count)
        {
            text.Append("count ").Append(count.Remaining.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(Format(count.SentAt)).Append(' ').Append(Format(count.ArrivedAt)).Append('\n');
        }

        foreach (var lease in Leases)
        {
            text.Append("lease ").Append(lease.Owner).Append(' ').Append(lease.ProcessId.ToString(CultureInfo.InvariantCulture)).Append(' ')
                .Append(lease.InFlight.ToString(CultureInfo.InvariantCulture)).Append(' ').Append(Format(lease.Until)).Append('\n');
        }

        return text.ToString();
    }

    /// <summary>Takes in one line, split at spaces; false when it is not a line this version writes.</summary>
    private bool TryRead(string[] parts, DateTimeOffset horizon, ref bool versionSeen)
    {
        switch (parts[0])
        {
            case "version":
                versionSeen = parts.Length == 2 && parts[1] == "1";
                return versionSeen;
            case "cooldown-until" when parts.Length == 2 && TryTime(parts[1], horizon, out var cooldown):
                CooldownUntil = cooldown;
                return true;
            case "used-up-until" when parts.Length == 3 && TryTime(parts[1], horizon, out var usedUp) && TryReason(parts[2], out var reason):
                UsedUpUntil = usedUp;
                UsedUpReason = reason;
                return true;
            case "count" when parts.Length == 4 && TryCount(parts, horizon, out var count):
                Count = count;
                return true;
            case "lease" when parts.Length == 5 && Leases.Count < MaxLeases && TryLease(parts, horizon, out var lease):
                Leases.Add(lease!);
                return true;
            default:
                return false;
        }
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString(TimeFormat, CultureInfo.InvariantCulture);

    private static bool TryTime(string text, DateTimeOffset horizon, out DateTimeOffset time)
    {
        var ok = DateTimeOffset.TryParseExact(text, TimeFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out time);
        return ok && time <= horizon;
    }

    private static bool TryReason(string text, out HoldReason reason) =>
        Enum.TryParse(text, ignoreCase: false, out reason) && reason is HoldReason.Cooldown or HoldReason.MinuteUsedUp or HoldReason.DayUsedUp;

    private static bool TryCount(string[] parts, DateTimeOffset horizon, out SharedCount? count)
    {
        count = null;
        if (!long.TryParse(parts[1], NumberStyles.None, CultureInfo.InvariantCulture, out var remaining)
            || !TryTime(parts[2], horizon, out var sentAt) || !TryTime(parts[3], horizon, out var arrivedAt) || sentAt > arrivedAt)
        {
            return false;
        }

        count = new SharedCount(remaining, sentAt, arrivedAt);
        return true;
    }

    private static bool TryLease(string[] parts, DateTimeOffset horizon, out SendLease? lease)
    {
        lease = null;
        if (!SendLease.IsOwnerId(parts[1])
            || !int.TryParse(parts[2], NumberStyles.None, CultureInfo.InvariantCulture, out var processId)
            || !int.TryParse(parts[3], NumberStyles.None, CultureInfo.InvariantCulture, out var inFlight) || inFlight == 0
            || !TryTime(parts[4], horizon, out var until))
        {
            return false;
        }

        lease = new SendLease(parts[1], processId, inFlight, until);
        return true;
    }
}

/// <summary>A count of requests left, and the span in which the server counted it: after it was sent, before it arrived.</summary>
internal sealed class SharedCount
{
    internal SharedCount(long remaining, DateTimeOffset sentAt, DateTimeOffset arrivedAt)
    {
        Remaining = remaining;
        SentAt = sentAt;
        ArrivedAt = arrivedAt;
    }

    internal long Remaining { get; }

    internal DateTimeOffset SentAt { get; }

    internal DateTimeOffset ArrivedAt { get; }
}

/// <summary>
/// One limiter's requests in flight on a key, as other processes must count them: how many, and until when at the
/// latest (the lease), with the process that owns them so that the lease of a process that has ended can be dropped.
/// </summary>
internal sealed class SendLease
{
    internal SendLease(string owner, int processId, int inFlight, DateTimeOffset until)
    {
        Owner = owner;
        ProcessId = processId;
        InFlight = inFlight;
        Until = until;
    }

    /// <summary>A random id of the limiter (16 hex digits), so that two limiters in one process are told apart.</summary>
    internal string Owner { get; }

    internal int ProcessId { get; }

    internal int InFlight { get; }

    internal DateTimeOffset Until { get; }

    internal static bool IsOwnerId(string text)
    {
        if (text.Length != 16)
        {
            return false;
        }

        foreach (var c in text)
        {
            if (c is not (>= '0' and <= '9') and not (>= 'a' and <= 'f'))
            {
                return false;
            }
        }

        return true;
    }
}
