namespace Trackyard.Emulator.Tests;

/// <summary>Walks an MPEG audio stream frame by frame and checks every header: MPEG-1 Layer III, 128 kbps, 44.1 kHz.</summary>
internal static class Mp3Frames
{
    public const double SecondsPerFrame = 1152.0 / 44100.0;

    /// <summary>Counts frames; fails the test on any bad header or a stream that does not end on a frame boundary.</summary>
    public static long CountValidFrames(Stream stream)
    {
        var header = new byte[4];
        var body = new byte[418];
        long frames = 0;
        long position = 0;
        while (true)
        {
            var read = stream.ReadAtLeast(header, 4, throwOnEndOfStream: false);
            if (read == 0)
            {
                return frames;
            }

            Assert.True(read == 4, $"stream ends inside a frame header at byte {position}");
            Assert.True(header[0] == 0xFF && (header[1] & 0xE0) == 0xE0, $"no frame sync at byte {position}");
            Assert.Equal(3, (header[1] >> 3) & 3);     // MPEG-1
            Assert.Equal(1, (header[1] >> 1) & 3);     // Layer III
            Assert.Equal(9, header[2] >> 4);           // 128 kbps
            Assert.Equal(0, (header[2] >> 2) & 3);     // 44.1 kHz
            var padding = (header[2] >> 1) & 1;
            var length = 144 * 128_000 / 44_100 + padding;
            Assert.True(length is 417 or 418);
            var rest = length - 4;
            var skipped = stream.ReadAtLeast(body.AsSpan(0, rest), rest, throwOnEndOfStream: false);
            Assert.True(skipped == rest, $"frame at byte {position} is cut short");
            position += length;
            frames++;
        }
    }
}
