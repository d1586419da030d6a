using System.Management.Automation;
using System.Net;
using System.Net.Http.Headers;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public sealed class DownloadTests : IDisposable
{
    private const string TrackId = "trk_abc123";
    private readonly string _folder = Directory.CreateTempSubdirectory("trackyard-tests-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Theory]
    [InlineData(null, null, """{"track_id":"trk_abc123"}""")]
    [InlineData(30d, null, """{"track_id":"trk_abc123","duration_seconds":30}""")]
    [InlineData(30d, 12d, """{"track_id":"trk_abc123","duration_seconds":30,"hit_point_seconds":12}""")]
    [InlineData(null, 12d, """{"track_id":"trk_abc123"}""")]
    [InlineData(22.5, 7.25, """{"track_id":"trk_abc123","duration_seconds":22.5,"hit_point_seconds":7.25}""")]
    [InlineData(10.1, 0d, """{"track_id":"trk_abc123","duration_seconds":10.1,"hit_point_seconds":0}""")]
    public async Task The_body_has_the_clip_fields_only_when_given_and_as_given(double? duration, double? hitPoint, string expected)
    {
        var handler = new StubHandler().Respond(() => Mp3(100));
        using var client = TestClient.Create(handler);

        await client.DownloadTrackAsync(new DownloadRequest(TrackId, duration, hitPoint), TestClient.ReadNothing, TestClient.Call(), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Post, request.Method);
        Assert.Equal("https://api.trackyard.test/api/external/v1/download-track", request.Uri.AbsoluteUri);
        Assert.Equal("application/json; charset=utf-8", request.ContentType);
        Assert.Equal(expected, request.Body);
    }

    [Fact]
    public async Task The_request_accepts_audio()
    {
        string? accept = null;
        var handler = new StubHandler().RespondAsync((request, _) =>
        {
            accept = request.Headers.Accept.ToString();
            return Task.FromResult(Mp3(10));
        });
        using var client = TestClient.Create(handler);

        await client.DownloadTrackAsync(new DownloadRequest(TrackId), TestClient.ReadNothing, TestClient.Call(), CancellationToken.None);

        Assert.Contains("audio/mpeg", accept);
    }

    [Theory]
    [InlineData(null, null, null)]
    [InlineData(10d, null, null)]
    [InlineData(300d, 299.99, null)]
    [InlineData(30d, 0d, null)]
    [InlineData(22.5, 22.4, null)]
    [InlineData(null, 5d, "-HitPointSeconds needs -DurationSeconds")]
    [InlineData(30d, 30d, "must be 0 or more and smaller than -DurationSeconds (30)")]
    [InlineData(22.5, 22.5, "(22.5) must be 0 or more and smaller than -DurationSeconds (22.5)")]
    [InlineData(30d, 45d, "smaller than -DurationSeconds")]
    [InlineData(30d, -1d, "must be 0 or more")]
    [InlineData(30d, -0.5, "must be 0 or more")]
    [InlineData(30d, double.NaN, "must be 0 or more")]
    [InlineData(9d, null, "between 10 and 300")]
    [InlineData(9.99, null, "between 10 and 300")]
    [InlineData(300.01, null, "between 10 and 300")]
    [InlineData(301d, null, "between 10 and 300")]
    [InlineData(double.NaN, null, "between 10 and 300")]
    [InlineData(double.PositiveInfinity, null, "between 10 and 300")]
    public void Clip_options_are_checked_before_any_request(double? duration, double? hitPoint, string? problem)
    {
        var found = DownloadRequest.Check(duration, hitPoint);
        if (problem is null)
        {
            Assert.Null(found);
        }
        else
        {
            Assert.Contains(problem, found);
        }
    }

    [Theory]
    [InlineData("application/json", """{"error":"oops"}""")]
    [InlineData("text/html; charset=utf-8", "<html><body>502 Bad Gateway</body></html>")]
    [InlineData("application/octet-stream", "bytes")]
    [InlineData(null, "bytes")]
    public async Task A_200_that_is_not_audio_is_InvalidResponse_and_nothing_is_written(string? contentType, string body)
    {
        var handler = new StubHandler().Respond(() =>
        {
            var response = new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(body) };
            response.Content.Headers.ContentType = contentType is null ? null : MediaTypeHeaderValue.Parse(contentType);
            response.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=\"x.mp3\"");
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Save(client));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Equal(200, ex.StatusCode);
        Assert.Contains("instead of audio/mpeg", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_whole_track_is_saved_under_the_safe_name_from_Content_Disposition()
    {
        var bytes = FrameBytes(200_000);
        var handler = new StubHandler().Respond(() => Mp3(bytes, "attachment; filename=\"Rise_Fall.mp3\"; filename*=UTF-8''Rise%2FFall%20%E2%80%94%20Caf%C3%A9.mp3"));
        using var client = TestClient.Create(handler);
        var observer = new ProgressObserver();

        var file = await Save(client, observer: observer);

        Assert.Equal(Path.Combine(_folder, "Rise_Fall — Café.mp3"), file.FullName);
        Assert.Equal(bytes, File.ReadAllBytes(file.FullName));
        Assert.Equal(new[] { file.Name }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
        Assert.Equal(100, observer.Progress.Last().PercentComplete);
    }

    [Fact]
    public async Task Without_Content_Disposition_the_id_names_the_file()
    {
        var handler = new StubHandler().Respond(() => Mp3(FrameBytes(1000), disposition: null));
        using var client = TestClient.Create(handler);

        var file = await Save(client);

        Assert.Equal("trk_abc123.mp3", file.Name);
    }

    [Fact]
    public async Task A_file_name_given_by_the_user_is_used_as_it_is()
    {
        var handler = new StubHandler().Respond(() => Mp3(FrameBytes(1000)));
        using var client = TestClient.Create(handler);
        var target = Path.Combine(_folder, "my clip.bin");

        var file = await Save(client, file: target);

        Assert.Equal(target, file.FullName);
    }

    [Fact]
    public async Task A_body_shorter_than_Content_Length_leaves_no_file()
    {
        var handler = new StubHandler().Respond(() =>
        {
            var response = Mp3(FrameBytes(5000));
            response.Content.Headers.ContentLength = 10_000;
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Save(client));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("ended after 5000 of 10000 bytes", ex.Message);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_connection_lost_mid_body_leaves_no_file_and_keeps_the_old_one()
    {
        var existing = Path.Combine(_folder, "Song.mp3");
        File.WriteAllText(existing, "old");
        var handler = new StubHandler().Respond(() => Mp3(new BreakingStream(300_000, new IOException("connection reset by peer")), 1_000_000));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Save(client, overwrite: true));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("broke off after", ex.Message);
        Assert.Contains("connection reset by peer", ex.Message);
        Assert.Equal(new[] { "Song.mp3" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(existing));
    }

    [Fact]
    public async Task An_empty_audio_body_is_InvalidResponse()
    {
        var handler = new StubHandler().Respond(() => Mp3(Array.Empty<byte>()));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Save(client));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task An_existing_file_is_kept_without_force_and_the_body_is_not_read()
    {
        var existing = Path.Combine(_folder, "Song.mp3");
        File.WriteAllText(existing, "old");
        var body = new BreakingStream(1_000_000, new InvalidOperationException("the body must not be read"));
        var handler = new StubHandler().Respond(() => Mp3(body, 1_000_000));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Save(client));

        Assert.Equal(TrackyardFailureKind.FileExists, ex.Kind);
        Assert.Contains($"'{existing}' already exists and was kept", ex.Message);
        Assert.Contains("still cost 1 credit", ex.Message);
        Assert.Equal("old", File.ReadAllText(existing));
        Assert.Equal(0, body.Position);
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Force_replaces_an_existing_file()
    {
        var existing = Path.Combine(_folder, "Song.mp3");
        File.WriteAllText(existing, "old");
        var bytes = FrameBytes(4321);
        var handler = new StubHandler().Respond(() => Mp3(bytes));
        using var client = TestClient.Create(handler);

        var file = await Save(client, overwrite: true);

        Assert.Equal(existing, file.FullName);
        Assert.Equal(bytes, File.ReadAllBytes(existing));
        Assert.Single(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task Cancelling_mid_body_leaves_no_file()
    {
        using var cancellation = new CancellationTokenSource();
        var body = new BreakingStream(1_000_000, failure: null, afterBytes: 200_000, onReached: cancellation.Cancel);
        var handler = new StubHandler().Respond(() => Mp3(body, 1_000_000));
        using var client = TestClient.Create(handler);

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Save(client, token: cancellation.Token));

        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_404_is_NotFound_and_writes_nothing()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(404, """{"error":"Not Found","message":"Track not found","code":"not_found"}"""));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Save(client));

        Assert.Equal(TrackyardFailureKind.NotFound, ex.Kind);
        Assert.False(ErrorTable.IsTerminating(ex));
        Assert.Empty(Directory.GetFileSystemEntries(_folder));
    }

    [Fact]
    public async Task A_failing_write_leaves_no_temporary_file()
    {
        var existing = Path.Combine(_folder, "keep.mp3");
        File.WriteAllText(existing, "old");

        await Assert.ThrowsAsync<IOException>(() => AtomicFileWriter.WriteAsync(
            existing,
            overwrite: true,
            async (stream, token) =>
            {
                await stream.WriteAsync(new byte[1000], token);
                throw new IOException("disk full");
            },
            CancellationToken.None));

        Assert.Equal(new[] { "keep.mp3" }, Directory.GetFileSystemEntries(_folder).Select(Path.GetFileName));
        Assert.Equal("old", File.ReadAllText(existing));
    }

    [Fact]
    public void Progress_is_throttled_but_the_last_update_always_shows()
    {
        var progress = new DownloadProgress(1, "Downloading", 2_000 * 1024);
        var records = Enumerable.Range(1, 100).Select(i => progress.Next(i * 20 * 1024L)).Where(r => r != null).ToList();

        Assert.InRange(records.Count, 2, 10);
        Assert.Equal(1, records[0]!.PercentComplete);
        Assert.Equal(100, records[^1]!.PercentComplete);
        Assert.Equal("2.0 MB of 2.0 MB", records[^1]!.StatusDescription);
        Assert.Equal("20 KB of 2.0 MB", records[0]!.StatusDescription);
        Assert.Equal(ProgressRecordType.Completed, progress.Completed().RecordType);
    }

    private Task<FileInfo> Save(TrackyardClient client, string? file = null, bool overwrite = false, IApiCallObserver? observer = null, CancellationToken token = default) =>
        TrackSaver.SaveAsync(client, new DownloadRequest(TrackId), new TrackLabel(TrackId), _folder, file, overwrite, 1, TestClient.Call(observer: observer), token);

    private static byte[] FrameBytes(int length)
    {
        var bytes = new byte[length];
        for (var i = 0; i < length; i++)
        {
            bytes[i] = (byte)(i * 7);
        }

        return bytes;
    }

    private static HttpResponseMessage Mp3(int length) => Mp3(FrameBytes(length));

    private static HttpResponseMessage Mp3(byte[] body, string? disposition = "attachment; filename=\"Song.mp3\"") =>
        WithAudioHeaders(new HttpResponseMessage(HttpStatusCode.OK) { Content = new ByteArrayContent(body) }, body.Length, disposition);

    private static HttpResponseMessage Mp3(Stream body, long length) =>
        WithAudioHeaders(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) }, length, "attachment; filename=\"Song.mp3\"");

    private static HttpResponseMessage WithAudioHeaders(HttpResponseMessage response, long length, string? disposition)
    {
        response.Content.Headers.ContentType = new MediaTypeHeaderValue("audio/mpeg");
        response.Content.Headers.ContentLength = length;
        if (disposition != null)
        {
            response.Content.Headers.TryAddWithoutValidation("Content-Disposition", disposition);
        }

        return response;
    }

    /// <summary>Serves zero bytes up to a point, then fails (or cancels via <c>onReached</c>) — a connection dying mid-body.</summary>
    private sealed class BreakingStream(long length, Exception? failure, long? afterBytes = null, Action? onReached = null) : ReadOnlyTestStream
    {
        private readonly long _breakAt = afterBytes ?? length / 3;
        private long _position;

        public override long Length => length;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            if (_position >= _breakAt)
            {
                onReached?.Invoke();
                if (failure != null)
                {
                    throw failure;
                }
            }

            if (failure is InvalidOperationException)
            {
                throw failure;
            }

            var n = (int)Math.Min(count, length - _position);
            Array.Clear(buffer, offset, n);
            _position += n;
            return n;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken)
        {
            cancellationToken.ThrowIfCancellationRequested();
            return Task.FromResult(Read(buffer, offset, count));
        }

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            cancellationToken.ThrowIfCancellationRequested();
            var array = new byte[buffer.Length];
            var n = Read(array, 0, array.Length);
            array.AsSpan(0, n).CopyTo(buffer.Span);
            return new ValueTask<int>(n);
        }
    }

    private sealed class ProgressObserver : IApiCallObserver
    {
        public List<ProgressRecord> Progress { get; } = new();

        public bool VerboseOn => false;

        public bool DebugOn => false;

        public void OnVerbose(string message)
        {
        }

        public void OnDebug(string message)
        {
        }

        public void OnWarning(string message)
        {
        }

        public void OnProgress(ProgressRecord progress) => Progress.Add(progress);
    }
}
