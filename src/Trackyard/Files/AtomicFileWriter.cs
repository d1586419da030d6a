using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Writes a file all or nothing: into a new temporary file beside the destination, flushed to disk, then renamed
/// over it. A failed, cancelled or short write leaves no temporary file and never touches an existing file. Only a
/// regular file is ever replaced, and the replacement keeps its mode bits (and owner, where this process may set it).
/// </summary>
internal static class AtomicFileWriter
{
    /// <summary>The suffix of temporary files; a leftover one (the process was killed) is safe to delete.</summary>
    internal const string PartialSuffix = ".partial";

    /// <summary>
    /// Writes <paramref name="destination"/> with <paramref name="write"/>. What is already at the destination is
    /// checked before <paramref name="write"/> runs (so nothing is read) and again just before the rename: anything
    /// but a regular file, or a regular file without <paramref name="overwrite"/>, is a <see cref="DestinationConflictException"/>.
    /// </summary>
    internal static async Task<FileInfo> WriteAsync(string destination, bool overwrite, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        EnsureReplaceable(destination, overwrite);

        var folder = Path.GetDirectoryName(destination) ?? throw new ArgumentException("The destination has no folder.", nameof(destination));
        var temporary = Path.Combine(folder, TemporaryName());
        try
        {
            using (var file = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 4096, useAsync: true))
            {
                await write(file, cancellationToken).ConfigureAwait(false);
                file.Flush(flushToDisk: true);
            }

            Commit(temporary, destination, overwrite);
            return new FileInfo(destination);
        }
        finally
        {
            // After a successful commit the temporary name no longer exists and this does nothing.
            TryDelete(temporary);
        }
    }

    /// <summary>A fresh hidden name for a temporary file: ".trackyard-&lt;random&gt;.partial".</summary>
    internal static string TemporaryName() => ".trackyard-" + Path.GetRandomFileName().Replace(".", string.Empty) + PartialSuffix;

    /// <summary>Deletes a file if it is there; a failure is ignored (the name says what the file is).</summary>
    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the real failure, if any, is already on its way to the user.
        }
    }

    /// <summary>What is at <paramref name="destination"/>, when it may be written; a conflict otherwise.</summary>
    private static FileEntry EnsureReplaceable(string destination, bool overwrite)
    {
        var entry = FileEntry.Inspect(destination);
        if (entry.Kind == FileEntryKind.Missing || (entry.Kind == FileEntryKind.RegularFile && overwrite))
        {
            return entry;
        }

        throw new DestinationConflictException(destination, entry);
    }

    private static void Commit(string temporary, string destination, bool overwrite)
    {
        // Checked again: the destination may have changed while the body was arriving.
        var existing = EnsureReplaceable(destination, overwrite);
        if (existing.Kind == FileEntryKind.RegularFile)
        {
            existing.ApplyPermissionsTo(temporary);

            // One rename (ReplaceFile on Windows, rename(2) elsewhere): readers see the old file or the new one.
            File.Replace(temporary, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
            return;
        }

        try
        {
            // File.Move never overwrites: whatever appeared since the check is kept.
            File.Move(temporary, destination);
        }
        catch (IOException) when (FileEntry.Inspect(destination).Exists)
        {
            EnsureReplaceable(destination, overwrite).ApplyPermissionsTo(temporary);
            File.Replace(temporary, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
        }
    }
}

/// <summary>Something is at the destination that may not be replaced: a regular file without overwrite, or anything else.</summary>
internal sealed class DestinationConflictException : IOException
{
    internal DestinationConflictException(string path, FileEntry entry)
        : base($"'{path}' is {entry.Describe()} and was kept.")
    {
        Path = path;
        Entry = entry;
    }

    internal string Path { get; }

    internal FileEntry Entry { get; }
}
