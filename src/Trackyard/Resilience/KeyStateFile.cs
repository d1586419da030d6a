using System;
using System.Diagnostics;
using System.IO;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Threading;

namespace Trackyard;

/// <summary>
/// The state file through which the processes of one user on one machine share what they learnt about one key's rate
/// limit: <c>&lt;folder&gt;/&lt;SHA-256 of the service address and the key's hash&gt;.ratelimit</c>, so that neither its name
/// nor its content holds the key. Every access is one short read-modify-write under an OS lock on the file
/// (<see cref="FileShare.None"/>; the OS drops it when a process dies): it is held for microseconds, never across a
/// wait or a request. A file that cannot be locked in time, or not opened at all, leaves the process pacing on its own
/// for a moment; it never fails or blocks a call.
/// </summary>
internal sealed class KeyStateFile
{
    /// <summary>The extension of every state file (the folder holds nothing else of ours).</summary>
    internal const string Extension = ".ratelimit";

    /// <summary>A state file larger than this is not ours.</summary>
    private const int MaxBytes = 64 * 1024;

    /// <summary>How long to try for the lock; others hold it for microseconds, so a longer wait means a stuck holder.</summary>
    private static readonly TimeSpan LockPatience = TimeSpan.FromMilliseconds(250);

    /// <summary>After a failure the file is left alone this long, so that a broken file costs no time on every call.</summary>
    private static readonly TimeSpan PauseAfterFailure = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Timestamps of files are coarse on some file systems (up to 2 s on FAT); a file written within this span of our
    /// last look may have changed again without a new timestamp, so it is read rather than trusted unchanged.
    /// </summary>
    private static readonly TimeSpan TimestampGrain = TimeSpan.FromSeconds(2);

    private readonly object _stampGate = new();
    private long _pausedUntil;
    private int _failures;
    private FileStamp _seen;

    /// <param name="folder">The folder of the user's state files.</param>
    /// <param name="keyId">The registry's id of the key (service address and the key's SHA-256).</param>
    internal KeyStateFile(string folder, string keyId)
    {
        Folder = folder;
        Path = System.IO.Path.Combine(folder, FileName(keyId));
    }

    internal string Folder { get; }

    internal string Path { get; }

    /// <summary>How many times the file could not be used (not locked in time, or not opened): a signal for tests.</summary>
    internal int Failures => Volatile.Read(ref _failures);

    /// <summary>
    /// The folder of the current user's state files: %LOCALAPPDATA%\Trackyard\RateLimits on Windows,
    /// $XDG_CACHE_HOME/trackyard/rate-limits or else ~/Library/Caches/Trackyard/RateLimits on macOS and
    /// ~/.cache/trackyard/rate-limits elsewhere. Null when the user has no such folder: the process then paces alone.
    /// </summary>
    internal static string? UserFolder()
    {
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            var local = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            return local.Length == 0 ? null : System.IO.Path.Combine(local, "Trackyard", "RateLimits");
        }

        var cache = Environment.GetEnvironmentVariable("XDG_CACHE_HOME");
        if (!string.IsNullOrEmpty(cache) && System.IO.Path.IsPathRooted(cache))
        {
            return System.IO.Path.Combine(cache, "trackyard", "rate-limits");
        }

        var home = Environment.GetFolderPath(Environment.SpecialFolder.UserProfile);
        if (home.Length == 0)
        {
            return null;
        }

        return RuntimeInformation.IsOSPlatform(OSPlatform.OSX)
            ? System.IO.Path.Combine(home, "Library", "Caches", "Trackyard", "RateLimits")
            : System.IO.Path.Combine(home, ".cache", "trackyard", "rate-limits");
    }

    /// <summary>Deletes the state files in <paramref name="folder"/> that nobody has written since <paramref name="before"/>.</summary>
    internal static void Prune(string folder, DateTime before)
    {
        try
        {
            foreach (var file in new DirectoryInfo(folder).EnumerateFiles("*" + Extension))
            {
                if (file.LastWriteTimeUtc < before)
                {
                    file.Delete();
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
        {
            // An old file left behind costs a few bytes and is ignored when read; pruning is a courtesy.
        }
    }

    /// <summary>The file's name: a hash of the id, so that it says nothing about the key and is safe on every OS.</summary>
    internal static string FileName(string keyId)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(keyId));
        var name = new StringBuilder(hash.Length * 2 + Extension.Length);
        foreach (var b in hash)
        {
            name.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        }

        return name.Append(Extension).ToString();
    }

    /// <summary>
    /// Whether the file may hold something this process has not read: false only when its size and timestamp are what
    /// they were at our last look and the timestamp is old enough to be trusted. One stat, no lock.
    /// </summary>
    internal bool MayHaveChanged()
    {
        var now = FileStamp.Take(Path);
        lock (_stampGate)
        {
            return !now.Equals(_seen) || (now.Exists && _seen.SeenAt - now.WrittenAt < TimestampGrain);
        }
    }

    /// <summary>
    /// Locks the file for one read-modify-write, creating it (and its folder) when missing. Null when the lock cannot be
    /// had within a quarter second or the file cannot be opened: the caller goes on with what its process knows.
    /// </summary>
    /// <param name="remember">Whether to note the file's size and timestamp when the session ends, for
    /// <see cref="MayHaveChanged"/> (one more stat; only worth it where that check is used).</param>
    internal Session? Open(bool remember = false)
    {
        if (Stopwatch.GetTimestamp() < Interlocked.Read(ref _pausedUntil))
        {
            return null;
        }

        var started = Stopwatch.GetTimestamp();
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                return new Session(this, new FileStream(Path, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, bufferSize: 1, FileOptions.None), remember);
            }
            catch (DirectoryNotFoundException) when (attempt == 0 && CreateFolder())
            {
                // Created; try again.
            }
            catch (IOException ex) when (ex is not DirectoryNotFoundException && Elapsed(started) < LockPatience)
            {
                // Another process holds the lock for its read-modify-write: a few microseconds.
                if (attempt < 10)
                {
                    Thread.Yield();
                }
                else
                {
                    Thread.Sleep(1);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
            {
                Failed();
                return null;
            }
        }
    }

    private static TimeSpan Elapsed(long started) =>
        TimeSpan.FromTicks((Stopwatch.GetTimestamp() - started) * TimeSpan.TicksPerSecond / Stopwatch.Frequency);

    private bool CreateFolder()
    {
        try
        {
#if NET8_0_OR_GREATER
            if (!OperatingSystem.IsWindows())
            {
                // Only the user reads or writes here (the files hold no secret, but nobody else has business with them).
                Directory.CreateDirectory(Folder, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
                return true;
            }
#endif
            Directory.CreateDirectory(Folder);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or NotSupportedException or System.Security.SecurityException)
        {
            return false;
        }
    }

    private void Failed()
    {
        Interlocked.Increment(ref _failures);
        var pause = (long)(PauseAfterFailure.TotalSeconds * Stopwatch.Frequency);
        Interlocked.Exchange(ref _pausedUntil, Stopwatch.GetTimestamp() + pause);
    }

    private void Seen(FileStamp stamp)
    {
        lock (_stampGate)
        {
            _seen = stamp;
        }
    }

    /// <summary>The file, locked: read it, write it, dispose it to let the next process in.</summary>
    internal sealed class Session : IDisposable
    {
        private readonly KeyStateFile _file;
        private readonly FileStream _stream;
        private readonly bool _remember;

        internal Session(KeyStateFile file, FileStream stream, bool remember)
        {
            _file = file;
            _stream = stream;
            _remember = remember;
        }

        /// <summary>Whether <see cref="Read"/> found a file it could not use (and that the next write replaces).</summary>
        internal bool FoundUnreadable { get; private set; }

        /// <summary>What <see cref="Read"/> returned (empty before it is called).</summary>
        internal SharedKeyState State { get; private set; } = new();

        /// <summary>
        /// The state in the file: empty when the file is new, and also when it is unreadable, too large, or holds a
        /// time beyond <paramref name="horizon"/> (see <see cref="SharedKeyState.Parse"/>).
        /// </summary>
        internal SharedKeyState Read(DateTimeOffset horizon)
        {
            try
            {
                var buffer = new byte[1024];
                var length = 0;
                int read;
                while ((read = _stream.Read(buffer, length, buffer.Length - length)) > 0 && length <= MaxBytes)
                {
                    length += read;
                    if (length == buffer.Length)
                    {
                        Array.Resize(ref buffer, buffer.Length * 4);
                    }
                }

                var state = length == 0 ? new SharedKeyState()
                    : length > MaxBytes ? null
                    : SharedKeyState.Parse(Encoding.UTF8.GetString(buffer, 0, length), horizon);
                FoundUnreadable = state is null;
                State = state ?? new SharedKeyState();
            }
            catch (IOException)
            {
                FoundUnreadable = true;
                State = new SharedKeyState();
            }

            return State;
        }

        /// <summary>Replaces the file's content with <paramref name="state"/>.</summary>
        internal void Write(SharedKeyState state)
        {
            try
            {
                var bytes = Encoding.UTF8.GetBytes(state.ToText());
                _stream.Position = 0;
                _stream.Write(bytes, 0, bytes.Length);
                _stream.SetLength(bytes.Length);
            }
            catch (IOException)
            {
                // A full disk, say: the next reader finds a torn file, ignores it and writes it anew.
                _file.Failed();
            }
        }

        public void Dispose()
        {
            _stream.Dispose();
            if (_remember)
            {
                _file.Seen(FileStamp.Take(_file.Path));
            }
        }
    }

    /// <summary>What a stat says about the file (size and last write), and when we looked.</summary>
    private readonly struct FileStamp : IEquatable<FileStamp>
    {
        private FileStamp(bool exists, long length, DateTime writtenAt, DateTime seenAt)
        {
            Exists = exists;
            Length = length;
            WrittenAt = writtenAt;
            SeenAt = seenAt;
        }

        internal bool Exists { get; }

        internal long Length { get; }

        internal DateTime WrittenAt { get; }

        internal DateTime SeenAt { get; }

        internal static FileStamp Take(string path)
        {
            var seenAt = DateTime.UtcNow;
            try
            {
                var info = new FileInfo(path);
                return info.Exists ? new FileStamp(true, info.Length, info.LastWriteTimeUtc, seenAt) : new FileStamp(false, 0, DateTime.MinValue, seenAt);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or System.Security.SecurityException)
            {
                return new FileStamp(false, -1, DateTime.MaxValue, seenAt);
            }
        }

        /// <summary>The same file content as far as a stat can tell (when it was seen does not count).</summary>
        public bool Equals(FileStamp other) => Exists == other.Exists && Length == other.Length && WrittenAt == other.WrittenAt;

        public override bool Equals(object? obj) => obj is FileStamp other && Equals(other);

        public override int GetHashCode() => WrittenAt.GetHashCode() ^ Length.GetHashCode();
    }
}
