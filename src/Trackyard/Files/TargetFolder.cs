using System;
using System.IO;
using System.Runtime.InteropServices;
using System.Security;

namespace Trackyard;

/// <summary>
/// The folder a download goes into: checked before the request is sent (it exists, is a folder, and takes a
/// file), and asked for its free space once the server has said how long the file is.
/// </summary>
internal static class TargetFolder
{
    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    /// <summary>
    /// Proves that a file can be written in <paramref name="folder"/> by creating one, writing a byte and deleting
    /// it again, so that a folder which cannot take the download fails before a credit is spent.
    /// </summary>
    /// <exception cref="TrackyardApiException">FolderNotFound, InvalidPath (not a folder), FolderNotWritable or NotEnoughSpace.</exception>
    internal static void EnsureWritable(string folder)
    {
        FileEntry entry;
        try
        {
            entry = FileEntry.Inspect(folder);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException)
        {
            throw SaveFailures.FolderNotWritable(folder, ex);
        }

        if (!entry.Exists)
        {
            throw SaveFailures.FolderNotFound(folder);
        }

        if (entry.Kind != FileEntryKind.Directory && !Directory.Exists(folder))
        {
            throw SaveFailures.NotAFolder(folder, entry);
        }

        var probe = Path.Combine(folder, AtomicFileWriter.TemporaryName());
        try
        {
            using var file = new FileStream(probe, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 1);
            file.WriteByte(0);
            file.Flush();
        }
        catch (DirectoryNotFoundException)
        {
            throw SaveFailures.FolderNotFound(folder);
        }
        catch (IOException ex) when (IsOutOfSpace(ex))
        {
            throw SaveFailures.FolderFull(folder, ex);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or SecurityException or NotSupportedException)
        {
            throw SaveFailures.FolderNotWritable(folder, ex);
        }
        finally
        {
            AtomicFileWriter.TryDelete(probe);
        }
    }

    /// <summary>
    /// The bytes free for this process in <paramref name="folder"/>'s file system, or null where the platform
    /// cannot tell: Linux and macOS answer for any folder (statvfs), Windows for drive-letter paths but not for
    /// UNC paths (\\server\share).
    /// </summary>
    internal static long? FreeBytes(string folder)
    {
        try
        {
            return new DriveInfo(folder).AvailableFreeSpace;
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or UnauthorizedAccessException or SecurityException)
        {
            return null;
        }
    }

    /// <summary>Whether a write failed because the disk (or the user's quota) is full.</summary>
    internal static bool IsOutOfSpace(IOException exception)
    {
        var code = exception.HResult;
        if (IsWindows)
        {
            // ERROR_HANDLE_DISK_FULL (39) and ERROR_DISK_FULL (112) as HRESULTs of the Win32 facility.
            return code is unchecked((int)0x80070027) or unchecked((int)0x80070070);
        }

        // On Unix .NET reports the errno: ENOSPC (28 everywhere), EDQUOT (122 on Linux, 69 on macOS).
        return code is 28 or 122 || (code == 69 && RuntimeInformation.IsOSPlatform(OSPlatform.OSX));
    }
}
