using System.IO.Compression;

namespace Trackyard.Emulator;

/// <summary>
/// A gzip stream of zero bytes, written on the fly: the emulator holds one small buffer, never the expanded size.
/// Zeros at the optimal level compress about 1,000 : 1, and the output is the same on every run, so the compressed
/// length can be measured once and sent as Content-Length.
/// </summary>
internal static class GzipBody
{
    private const CompressionLevel Level = CompressionLevel.Optimal;
    private static readonly byte[] Zeros = new byte[64 * 1024];

    /// <summary>Compresses <paramref name="expandedBytes"/> zero bytes into <paramref name="destination"/>.</summary>
    public static async Task WriteAsync(Stream destination, long expandedBytes, CancellationToken cancellationToken)
    {
        await using var gzip = new GZipStream(destination, Level, leaveOpen: true);
        for (var left = expandedBytes; left > 0; left -= Zeros.Length)
        {
            await gzip.WriteAsync(Zeros.AsMemory(0, (int)Math.Min(Zeros.Length, left)), cancellationToken);
        }
    }

    /// <summary>The length of what <see cref="WriteAsync"/> writes for <paramref name="expandedBytes"/>.</summary>
    public static async Task<long> CompressedLengthAsync(long expandedBytes, CancellationToken cancellationToken)
    {
        await using var counter = new CountingStream();
        await WriteAsync(counter, expandedBytes, cancellationToken);
        return counter.Length;
    }

    /// <summary>A write-only stream that only counts.</summary>
    private sealed class CountingStream : Stream
    {
        private long _length;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => _length;

        public override long Position
        {
            get => _length;
            set => throw new NotSupportedException();
        }

        public override void Write(byte[] buffer, int offset, int count) => _length += count;

        public override void Write(ReadOnlySpan<byte> buffer) => _length += buffer.Length;

        public override ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
        {
            _length += buffer.Length;
            return ValueTask.CompletedTask;
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
