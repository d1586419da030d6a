using System.Net;
using System.Text;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>
/// Bodies the emulator cannot produce: endless ones with or without a Content-Length, ones shorter than they declare,
/// and ones that stall after the headers.
/// Reading stops at the cap (memory stays bounded) and a stalled body is a Timeout, never a hang.
/// </summary>
public class HostileBodyTests
{
    [Fact]
    public async Task Endless_json_body_without_length_stops_at_the_cap()
    {
        var body = new EndlessStream();
        var handler = new StubHandler().Respond(() => Streamed(HttpStatusCode.OK, body, "application/json"));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("larger than", ex.Message);
        Assert.InRange(body.Served, JsonBody.MaxBytes, JsonBody.MaxBytes + (2 * 81920));
    }

    [Fact]
    public async Task Endless_error_body_is_read_only_up_to_its_small_cap()
    {
        var body = new EndlessStream();
        var handler = new StubHandler().Respond(() => Streamed(HttpStatusCode.InternalServerError, body, "text/html"));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ServerError, ex.Kind);
        Assert.InRange(body.Served, ErrorBody.MaxBytes, ErrorBody.MaxBytes + (2 * 81920));
    }

    [Fact]
    public async Task Error_body_declared_larger_than_its_cap_is_read_only_up_to_the_cap()
    {
        var body = new EndlessStream();
        var handler = new StubHandler().Respond(() =>
        {
            var response = Streamed(HttpStatusCode.InternalServerError, body, "text/html");
            response.Content.Headers.ContentLength = 50_000_000;
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.ServerError, ex.Kind);
        Assert.InRange(body.Served, ErrorBody.MaxBytes, ErrorBody.MaxBytes + 81920);
    }

    [Fact]
    public async Task Json_body_declared_larger_than_the_cap_is_refused_before_it_is_read()
    {
        var body = new EndlessStream();
        var handler = new StubHandler().Respond(() =>
        {
            var response = Streamed(HttpStatusCode.OK, body, "application/json");
            response.Content.Headers.ContentLength = JsonBody.MaxBytes + 1L;
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
        Assert.Contains("larger than", ex.Message);
        Assert.Equal(0, body.Served);
    }

    [Fact]
    public async Task Json_body_shorter_than_its_declared_length_is_an_invalid_response()
    {
        var handler = new StubHandler().Respond(() =>
        {
            var response = Streamed(HttpStatusCode.OK, new MemoryStream(Encoding.UTF8.GetBytes("{\"tier\":\"pro\",")), "application/json");
            response.Content.Headers.ContentLength = 5_000;
            return response;
        });
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.GetAccountAsync(TestClient.Call(), CancellationToken.None));

        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task Json_body_that_stalls_after_the_headers_is_a_timeout()
    {
        var handler = new StubHandler().Respond(() => Streamed(HttpStatusCode.OK, new StallingStream("{\"tracks\":["u8.ToArray()), "application/json"));
        using var client = TestClient.Create(handler, TimeProvider.System, timeout: TimeSpan.FromMilliseconds(300), limiters: new RateLimiterRegistry(TimeProvider.System));

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(), CancellationToken.None))
            .WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(TrackyardFailureKind.Timeout, ex.Kind);
    }

    [Fact]
    public async Task Download_that_stalls_mid_body_is_a_timeout_and_leaves_no_file()
    {
        var folder = Directory.CreateTempSubdirectory("trackyard-stall-").FullName;
        try
        {
            var handler = new StubHandler().Respond(() =>
            {
                var response = Streamed(HttpStatusCode.OK, new StallingStream(new byte[100_000]), "audio/mpeg");
                response.Content.Headers.ContentLength = 1_000_000;
                response.Content.Headers.TryAddWithoutValidation("Content-Disposition", "attachment; filename=\"Stalled.mp3\"");
                return response;
            });
            using var client = TestClient.Create(handler, TimeProvider.System, timeout: TimeSpan.FromMilliseconds(300), limiters: new RateLimiterRegistry(TimeProvider.System));

            var ex = await TestClient.Failure(() => TrackSaver.SaveAsync(client, new DownloadRequest("trk_stall"), new TrackLabel("trk_stall"), folder, null, false, 1, TestClient.Call(), CancellationToken.None))
                .WaitAsync(TimeSpan.FromSeconds(10));

            Assert.Equal(TrackyardFailureKind.Timeout, ex.Kind);
            Assert.Empty(Directory.GetFileSystemEntries(folder));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private static HttpResponseMessage Streamed(HttpStatusCode status, Stream body, string contentType)
    {
        var response = new HttpResponseMessage(status) { Content = new StreamContent(body) };
        response.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        return response;
    }

    /// <summary>Garbage for ever, with no length; counts what was served.</summary>
    private sealed class EndlessStream : ReadOnlyTestStream
    {
        internal long Served { get; private set; }

        public override long Position { get => Served; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count)
        {
            buffer.AsSpan(offset, count).Fill((byte)'x');
            Served += count;
            return count;
        }
    }

    /// <summary>Serves a prefix, then waits until the read is cancelled.</summary>
    private sealed class StallingStream : ReadOnlyTestStream
    {
        private readonly byte[] _prefix;
        private int _position;

        internal StallingStream(byte[] prefix) => _prefix = prefix;

        public override long Position { get => _position; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("async only");

        public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            await ReadAsync(buffer.AsMemory(offset, count), cancellationToken);

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (_position < _prefix.Length)
            {
                var n = Math.Min(buffer.Length, _prefix.Length - _position);
                _prefix.AsMemory(_position, n).CopyTo(buffer);
                _position += n;
                return n;
            }

            await Task.Delay(Timeout.Infinite, cancellationToken);
            return 0;
        }
    }
}
