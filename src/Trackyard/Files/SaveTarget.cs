using System.IO;

namespace Trackyard;

/// <summary>
/// Where downloads go: a folder (each file named after its track) or one file the user named in a folder that
/// exists. Built from a full file-system path by the rules of <see cref="FromPath"/>; nothing here writes.
/// </summary>
internal sealed class SaveTarget
{
    private static readonly char[] Separators = { Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar };

    private SaveTarget(string folder, string? file)
    {
        Folder = folder;
        File = file;
    }

    /// <summary>The folder the file goes into.</summary>
    internal string Folder { get; }

    /// <summary>The file the user named, or null when each track names its own file.</summary>
    internal string? File { get; }

    /// <summary>A folder that is known to exist (the current location).</summary>
    internal static SaveTarget InFolder(string folder) => new(folder, null);

    /// <summary>
    /// What a full path means as a destination:
    /// an existing folder is the folder; an existing entry of any other kind is the file (whether it may be
    /// replaced is decided per track); a path that does not exist and ends with a separator, or has no
    /// extension, is a missing folder (never a file called "clips"); anything else is a new file, whose folder
    /// must exist.
    /// </summary>
    /// <exception cref="TrackyardApiException">FolderNotFound, or InvalidPath when a file stands where a folder must be.</exception>
    internal static SaveTarget FromPath(string fullPath)
    {
        if (Directory.Exists(fullPath))
        {
            return new SaveTarget(fullPath, null);
        }

        var trimmed = fullPath.TrimEnd(Separators);
        var entry = FileEntry.Inspect(trimmed.Length == 0 ? fullPath : trimmed);
        if (trimmed.Length != fullPath.Length)
        {
            throw entry.Exists
                ? SaveFailures.NotAFolder(trimmed, entry)
                : SaveFailures.FolderNotFound(trimmed, "the path ends with a separator, so it names a folder");
        }

        var parent = Path.GetDirectoryName(fullPath);
        if (entry.Exists)
        {
            return new SaveTarget(parent ?? fullPath, fullPath);
        }

        if (Path.GetExtension(fullPath).Length == 0)
        {
            throw SaveFailures.FolderNotFound(fullPath, $"a path without an extension names a folder, never a file called '{Path.GetFileName(fullPath)}'");
        }

        if (parent is null)
        {
            throw SaveFailures.FolderNotFound(fullPath);
        }

        if (!Directory.Exists(parent))
        {
            var parentEntry = FileEntry.Inspect(parent);
            throw parentEntry.Exists ? SaveFailures.NotAFolder(parent, parentEntry) : SaveFailures.FolderNotFound(parent);
        }

        return new SaveTarget(parent, fullPath);
    }

    /// <summary>
    /// The file a track will be written to, when it is known before the request: the file the user named, else
    /// the name the track's title predicts, else null (the server's answer names it).
    /// </summary>
    internal string? FileFor(TrackLabel track) =>
        File ?? (track.PredictedFileName is { } name ? Path.Combine(Folder, name) : null);

    /// <summary>The file a track's preview is written to: the file the user named, else its own name in the folder.</summary>
    internal string PreviewFileFor(TrackLabel track) => File ?? Path.Combine(Folder, track.PreviewFileName);

    /// <summary>For -WhatIf: the file, or the folder with a note that the server names the file.</summary>
    internal string Describe(TrackLabel track) => FileFor(track) ?? Folder + " (named by Trackyard)";

    /// <summary>Whether this is a folder (each track names its file) rather than one file.</summary>
    internal bool IsFolder => File is null;

    /// <summary>The InvalidPath for a file piped in as a destination; <paramref name="path"/> is the path as the pipeline gave it.</summary>
    internal static TrackyardApiException NotAFolderFromPipeline(string path) => new(
        TrackyardFailureKind.InvalidPath,
        $"'{path}' came from the pipeline and is not a folder; a file piped in is never a destination (it is what you have, not where a track goes). Give a folder, or name a file with -Path or -LiteralPath. Nothing was sent and no credit spent.");
}
