using System.IO;
using System.Runtime.InteropServices;

namespace Trackyard;

/// <summary>What is at a path, as far as saving a file there is concerned.</summary>
internal enum FileEntryKind
{
    /// <summary>Nothing: the file can be created.</summary>
    Missing,

    /// <summary>A regular file: kept, or replaced with -Force.</summary>
    RegularFile,

    Directory,
    SymbolicLink,
    CharacterDevice,
    BlockDevice,
    Fifo,
    Socket,

    /// <summary>Something else the platform reports (e.g. a Windows device name).</summary>
    Other,
}

/// <summary>
/// The entry at a destination path: missing, a regular file (the only thing -Force may replace), or something
/// else that must never be replaced — a rename over /dev/null would replace the device for every process on the
/// machine. On Linux and macOS it also remembers the file's mode bits, owner and group, so a replacement keeps them.
/// </summary>
internal sealed class FileEntry
{
    private static readonly bool IsWindows = RuntimeInformation.IsOSPlatform(OSPlatform.Windows);

    private readonly UnixFileStatus? _unix;

    private FileEntry(FileEntryKind kind, UnixFileStatus? unix = null)
    {
        Kind = kind;
        _unix = unix;
    }

    internal FileEntryKind Kind { get; }

    /// <summary>Whether something is at the path.</summary>
    internal bool Exists => Kind != FileEntryKind.Missing;

    /// <summary>What is at <paramref name="path"/>; a symbolic link is reported as one, not followed.</summary>
    internal static FileEntry Inspect(string path)
    {
        if (!IsWindows)
        {
            var status = UnixFileStatus.Inspect(path);
            return status is null ? new FileEntry(FileEntryKind.Missing) : new FileEntry(KindOf(status.Type), status);
        }

        // Windows: ReplaceFile keeps the replaced file's attributes and security descriptor by itself.
        var info = new FileInfo(path);
        if (!info.Exists && !Directory.Exists(path))
        {
            return new FileEntry(FileEntryKind.Missing);
        }

        var attributes = info.Attributes;
        return new FileEntry(
            (attributes & FileAttributes.ReparsePoint) != 0 ? FileEntryKind.SymbolicLink
            : (attributes & FileAttributes.Directory) != 0 ? FileEntryKind.Directory
            : (attributes & FileAttributes.Device) != 0 ? FileEntryKind.Other
            : FileEntryKind.RegularFile);
    }

    /// <summary>"a FIFO (named pipe)", "a folder", ... for messages.</summary>
    internal string Describe() => Kind switch
    {
        FileEntryKind.RegularFile => "a regular file",
        FileEntryKind.Directory => "a folder",
        FileEntryKind.SymbolicLink => "a symbolic link (replacing it would break the link and leave its target as it is)",
        FileEntryKind.CharacterDevice => "a character device",
        FileEntryKind.BlockDevice => "a block device",
        FileEntryKind.Fifo => "a FIFO (named pipe)",
        FileEntryKind.Socket => "a socket",
        _ => "a device or another special file",
    };

    /// <summary>Gives <paramref name="path"/> this file's mode bits, and its owner and group where this process may (Unix only).</summary>
    internal void ApplyPermissionsTo(string path) => _unix?.ApplyTo(path);

    private static FileEntryKind KindOf(int type) => type switch
    {
        UnixFileStatus.RegularFile => FileEntryKind.RegularFile,
        UnixFileStatus.Directory => FileEntryKind.Directory,
        UnixFileStatus.SymbolicLink => FileEntryKind.SymbolicLink,
        UnixFileStatus.CharacterDevice => FileEntryKind.CharacterDevice,
        UnixFileStatus.BlockDevice => FileEntryKind.BlockDevice,
        UnixFileStatus.Fifo => FileEntryKind.Fifo,
        UnixFileStatus.Socket => FileEntryKind.Socket,
        _ => FileEntryKind.Other,
    };
}
