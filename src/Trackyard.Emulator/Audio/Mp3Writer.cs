namespace Trackyard.Emulator;

/// <summary>
/// Streams silent MPEG-1 Layer III audio: 128 kbps, 44.1 kHz, mono, 1152 samples (≈ 26.12 ms) per frame.
/// A frame is 417 or 418 bytes (padding bit) so that n frames are exactly floor(n × 144 × 128000 / 44100) bytes.
/// That padding pattern repeats every 49 frames (20480 bytes), so one precomputed block of whole patterns is
/// written again and again: nothing the size of the track is ever held in memory.
/// </summary>
public static class Mp3Writer
{
    public const int SampleRate = 44100;
    public const int SamplesPerFrame = 1152;
    public const int BitRate = 128_000;

    private const int FramesPerPattern = 49;
    private const int BlockFrames = FramesPerPattern * 8;
    private static readonly byte[] Block = BuildBlock();

    public static long FrameCount(double seconds) =>
        Math.Max(1, (long)Math.Round(seconds * SampleRate / SamplesPerFrame, MidpointRounding.AwayFromZero));

    /// <summary>Bytes of the first <paramref name="frames"/> frames: floor(frames × 144 × 128000 / 44100).</summary>
    public static long ByteLength(long frames) => frames * 184_320 / 441;

    public static double DurationSeconds(long frames) => frames * (double)SamplesPerFrame / SampleRate;

    public static async Task WriteAsync(Stream destination, long frames, CancellationToken cancellationToken)
    {
        var fullBlocks = frames / BlockFrames;
        var rest = (int)(frames % BlockFrames);
        for (long i = 0; i < fullBlocks; i++)
        {
            await destination.WriteAsync(Block, cancellationToken);
        }

        if (rest > 0)
        {
            await destination.WriteAsync(Block.AsMemory(0, (int)ByteLength(rest)), cancellationToken);
        }
    }

    private static byte[] BuildBlock()
    {
        var block = new byte[ByteLength(BlockFrames)];
        for (var i = 0; i < BlockFrames; i++)
        {
            var start = (int)ByteLength(i);
            var padded = ByteLength(i + 1) - start == 418;
            block[start] = 0xFF;                                     // sync
            block[start + 1] = 0xFB;                                 // sync, MPEG-1, Layer III, no CRC
            block[start + 2] = (byte)(0x90 | (padded ? 0x02 : 0x00)); // 128 kbps, 44.1 kHz, padding bit
            block[start + 3] = 0xC4;                                 // mono, original
            // Side info and main data stay zero: a frame that decodes to silence.
        }

        return block;
    }
}
