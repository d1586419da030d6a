using System;
using System.IO;
using System.Threading;
using System.Threading.Tasks;

namespace Trackyard;

/// <summary>
/// Writes a file all or nothing: into a new temporary file beside the destination, flushed to disk, then renamed
/// over it. A failed, cancelled or short write leaves no temporary file and never touches an existing file.
/// </summary>
internal static class AtomicFileWriter
{
    /// <summary>The suffix of temporary files; a leftover one (the process was killed) is safe to delete.</summary>
    internal const string PartialSuffix = ".partial";

    /// <summary>
    /// Writes <paramref name="destination"/> with <paramref name="write"/>. Without <paramref name="overwrite"/>
    /// an existing destination is a <see cref="DestinationExistsException"/>, raised before <paramref name="write"/>
    /// runs (so nothing is read) and again if the file appeared meanwhile.
    /// </summary>
    internal static async Task<FileInfo> WriteAsync(string destination, bool overwrite, Func<Stream, CancellationToken, Task> write, CancellationToken cancellationToken)
    {
        if (!overwrite && File.Exists(destination))
        {
            throw new DestinationExistsException(destination);
        }

        var folder = Path.GetDirectoryName(destination) ?? throw new ArgumentException("The destination has no folder.", nameof(destination));
        var temporary = Path.Combine(folder, ".trackyard-" + Path.GetRandomFileName().Replace(".", string.Empty) + PartialSuffix);
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

    private static void Commit(string temporary, string destination, bool overwrite)
    {
        if (overwrite && File.Exists(destination))
        {
            // One rename (ReplaceFile on Windows, rename(2) elsewhere): readers see the old file or the new one.
            File.Replace(temporary, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
            return;
        }

        try
        {
            // File.Move never overwrites: a file that appeared since the check is kept.
            File.Move(temporary, destination);
        }
        catch (IOException) when (File.Exists(destination))
        {
            if (!overwrite)
            {
                throw new DestinationExistsException(destination);
            }

            File.Replace(temporary, destination, destinationBackupFileName: null, ignoreMetadataErrors: true);
        }
    }

    private static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: the name says what it is, and the real failure is already on its way to the user.
        }
    }
}

/// <summary>The destination file exists and overwriting was not asked for.</summary>
internal sealed class DestinationExistsException : IOException
{
    internal DestinationExistsException(string path)
        : base($"The file '{path}' already exists. Use -Force to overwrite it.")
    {
        Path = path;
    }

    internal string Path { get; }
}
