using System;
using System.Globalization;

namespace Trackyard;

/// <summary>
/// The failures of saving a file, as <see cref="TrackyardApiException"/>s of the error table, with messages that
/// say what happened to the file and whether the download's credit was spent.
/// </summary>
internal static class SaveFailures
{
    private const string NotSent = "Nothing was sent and no credit spent.";
    private const string Charged = "Trackyard had already answered, so the download cost 1 credit.";
    private const string Free = "A preview costs no credit.";

    internal static TrackyardApiException FolderNotFound(string folder, string? why = null) => new(
        TrackyardFailureKind.FolderNotFound,
        $"The folder '{folder}' does not exist{(why is null ? "" : " (" + why + ")")}. Create it first (New-Item -ItemType Directory -Path '{folder}') or give an existing folder. {NotSent}");

    internal static TrackyardApiException NotAFolder(string path, FileEntry entry) => new(
        TrackyardFailureKind.InvalidPath,
        $"'{path}' is {entry.Describe()}, not a folder, so nothing can be saved in it. {NotSent}");

    internal static TrackyardApiException FolderNotWritable(string folder, Exception reason) => new(
        TrackyardFailureKind.FolderNotWritable,
        $"No file can be created in the folder '{folder}': {Reason(reason)}. {NotSent}",
        reason);

    internal static TrackyardApiException FolderFull(string folder, Exception reason) => new(
        TrackyardFailureKind.NotEnoughSpace,
        $"The drive of the folder '{folder}' is full: {Reason(reason)}. {NotSent}",
        reason);

    internal static TrackyardApiException TooLargeForFreeSpace(TrackLabel track, string folder, long length, long free, bool charged = true) => new(
        TrackyardFailureKind.NotEnoughSpace,
        string.Format(
            CultureInfo.InvariantCulture,
            "Trackyard is sending {0} bytes for {1}, but only {2} bytes are free in '{3}'; nothing was written. {4}",
            length,
            track,
            free,
            folder,
            charged ? Charged : Free));

    internal static TrackyardApiException RanOutOfSpace(TrackLabel track, string destination, Exception reason, bool charged = true) => new(
        TrackyardFailureKind.NotEnoughSpace,
        $"The drive ran out of space while saving {track} to '{destination}': {Reason(reason)}. The partial file was removed. {(charged ? Charged : Free)}",
        reason);

    internal static TrackyardApiException WriteFailed(TrackLabel track, string destination, Exception reason, bool charged = true) => new(
        TrackyardFailureKind.SaveFailed,
        $"{Capitalize(track.ToString())} could not be saved to '{destination}': {Reason(reason)}. The partial file was removed. {(charged ? Charged : Free)}",
        reason);

    /// <summary>
    /// Something is already at <paramref name="destination"/>: a regular file kept without -Force, or anything
    /// else, which is never replaced. <paramref name="cost"/>: what the request had cost by then.
    /// </summary>
    internal static TrackyardApiException Conflict(FileEntry entry, string destination, TrackLabel track, SaveCost cost)
    {
        var outcome = cost switch
        {
            SaveCost.Charged => $"{track} was not saved, but Trackyard had already answered, so the download still cost 1 credit.",
            SaveCost.FreePreview => $"The preview of {track} was not saved (a preview costs no credit).",
            _ => $"{track} was not downloaded (no credit spent).",
        };
        return entry.Kind == FileEntryKind.RegularFile
            ? new TrackyardApiException(TrackyardFailureKind.FileExists, $"The file '{destination}' already exists and was kept. {Capitalize(outcome)}")
            : new TrackyardApiException(TrackyardFailureKind.NotARegularFile, $"'{destination}' is {entry.Describe()}, not a regular file, and is never replaced, not even with -Force. {Capitalize(outcome)}");
    }

    /// <summary>The operating system's words for a file failure, without the path it repeats.</summary>
    private static string Reason(Exception exception)
    {
        var message = exception.Message;
        var quote = message.IndexOf(" : '", StringComparison.Ordinal);
        return (quote > 0 ? message.Substring(0, quote) : message).TrimEnd('.', ' ');
    }

    private static string Capitalize(string text) =>
        text.Length == 0 || char.IsUpper(text[0]) || text[0] == '\'' ? text : char.ToUpperInvariant(text[0]) + text.Substring(1);
}

/// <summary>What a download had cost when its file could not be saved.</summary>
internal enum SaveCost
{
    /// <summary>Nothing was sent.</summary>
    NothingSent,

    /// <summary>The service had answered a bought download: 1 credit.</summary>
    Charged,

    /// <summary>A preview was fetched: free.</summary>
    FreePreview,
}
