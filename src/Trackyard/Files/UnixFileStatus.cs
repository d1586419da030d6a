using System;
using System.Runtime.InteropServices;
using System.Text;

namespace Trackyard;

/// <summary>
/// What Unix says about a path without following a symbolic link (lstat): its type, mode bits, owner and group,
/// and the calls that set mode and owner. netstandard2.0 has no API for any of this (.NET cannot even tell a
/// device from a file), so it asks the runtime's own native layer, System.Native, whose status record starts with
/// the same four fields on every Unix .NET runs on, and libc for chown, which System.Native lacks.
/// Only for Linux and macOS; never called on Windows.
/// </summary>
internal sealed class UnixFileStatus
{
    /// <summary>The file-type bits of a mode, and the types they name (POSIX values, the same on Linux and macOS).</summary>
    internal const int TypeMask = 0xF000;
    internal const int Fifo = 0x1000;
    internal const int CharacterDevice = 0x2000;
    internal const int Directory = 0x4000;
    internal const int BlockDevice = 0x6000;
    internal const int RegularFile = 0x8000;
    internal const int SymbolicLink = 0xA000;
    internal const int Socket = 0xC000;

    /// <summary>Room for System.Native's status record (about 130 bytes today), with a wide margin for fields it may gain.</summary>
    private const int StatusBufferSize = 512;

    private const int NoSuchEntry = 2;      // ENOENT
    private const int NotADirectory = 20;   // ENOTDIR

    private UnixFileStatus(int mode, uint ownerId, uint groupId)
    {
        Mode = mode;
        OwnerId = ownerId;
        GroupId = groupId;
    }

    /// <summary>Type and permission bits (st_mode).</summary>
    internal int Mode { get; }

    /// <summary>The file type: one of the constants above.</summary>
    internal int Type => Mode & TypeMask;

    /// <summary>The permission bits, set-id and sticky bits included (the low 12 bits).</summary>
    internal int Permissions => Mode & 0xFFF;

    internal uint OwnerId { get; }

    internal uint GroupId { get; }

    /// <summary>The status of <paramref name="path"/> itself (a link is not followed), or null when nothing is there.</summary>
    /// <exception cref="System.IO.IOException">The path exists but cannot be inspected (e.g. no permission on its folder).</exception>
    internal static UnixFileStatus? Inspect(string path)
    {
        var buffer = new byte[StatusBufferSize];
        if (LStat(NativePath(path), buffer) != 0)
        {
            var error = Marshal.GetLastWin32Error();
            return error is NoSuchEntry or NotADirectory
                ? null
                : throw new System.IO.IOException($"Cannot inspect '{path}' (error {error}).", error);
        }

        // struct FileStatus { int32 Flags; int32 Mode; uint32 Uid; uint32 Gid; ... }
        return new UnixFileStatus(BitConverter.ToInt32(buffer, 4), BitConverter.ToUInt32(buffer, 8), BitConverter.ToUInt32(buffer, 12));
    }

    /// <summary>Gives <paramref name="path"/> these permission bits, owner and group, as far as this process may: best effort.</summary>
    internal void ApplyTo(string path)
    {
        // Owner first: chown clears the set-user-id and set-group-id bits, which chmod then restores.
        var native = NativePath(path);
        if (Chown(native, OwnerId, GroupId) != 0)
        {
            // Not root: the owner cannot be given away, but the group can be one this user belongs to.
            _ = Chown(native, uint.MaxValue, GroupId);
        }

        _ = ChMod(native, Permissions);
    }

    /// <summary>A path as the C functions take it: UTF-8, ending in a zero byte.</summary>
    private static byte[] NativePath(string path)
    {
        var bytes = new byte[Encoding.UTF8.GetByteCount(path) + 1];
        Encoding.UTF8.GetBytes(path, 0, path.Length, bytes, 0);
        return bytes;
    }

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_LStat", SetLastError = true)]
    private static extern int LStat(byte[] path, [Out] byte[] status);

    [DllImport("libSystem.Native", EntryPoint = "SystemNative_ChMod", SetLastError = true)]
    private static extern int ChMod(byte[] path, int mode);

    /// <summary>chown(2); uint.MaxValue ((uid_t)-1) leaves that id unchanged.</summary>
    [DllImport("libc", EntryPoint = "chown", SetLastError = true)]
    private static extern int Chown(byte[] path, uint owner, uint group);
}
