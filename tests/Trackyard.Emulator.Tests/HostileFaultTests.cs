using System.Globalization;
using System.IO.Compression;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace Trackyard.Emulator.Tests;

/// <summary>
/// Faults for hostile-server tests: a reflected key, compressed "audio" that expands far beyond its wire size,
/// oversized headers, a connection dropped before any answer, and Retry-After values passed through as given.
/// </summary>
public sealed class HostileFaultTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    private const string Key = "trackyard_live_ReflectMe42";
    private const long Credits = 100;

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        await AddKeyAsync(Key, credits: Credits);
    }

    [Fact]
    public async Task The_reason_phrase_headers_content_type_and_body_reflect_the_presented_key()
    {
        await AddFaultAsync(new
        {
            path = "/search",
            status = 401,
            reason = "Key {key} refused",
            headers = new Dictionary<string, string> { ["X-Echo"] = "upper {KEY} and {key}" },
            content_type = "application/json; key={key}",
            body_text = """{"error":"bad key {key}","message":"{KEY}"}""",
        });

        using var response = await SearchAsync(Key, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal($"Key {Key} refused", response.ReasonPhrase);
        Assert.Equal($"upper {Key.ToUpperInvariant()} and {Key}", Header(response, "X-Echo"));
        Assert.Equal($"application/json; key={Key}", response.Content.Headers.ContentType!.ToString());
        Assert.Equal($$"""{"error":"bad key {{Key}}","message":"{{Key.ToUpperInvariant()}}"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Without_a_reason_the_standard_phrase_is_sent()
    {
        await AddFaultAsync(new { path = "/me", status = 503 });
        using var response = await GetAsync("/me", Key);
        Assert.Equal("Service Unavailable", response.ReasonPhrase);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_gzip_audio_answer_expands_far_beyond_its_wire_size(bool withLength)
    {
        const long Expanded = 32L * 1024 * 1024;
        var created = await AddFaultAsync(new { path = "/download-track", status = 200, gzip_expand_bytes = Expanded, gzip_content_length = withLength });
        Assert.Equal(Expanded, created.GetProperty("gzip_expand_bytes").GetInt64());

        using var raw = new HttpClient(new HttpClientHandler { AutomaticDecompression = DecompressionMethods.None }) { BaseAddress = Fixture.Server.BaseAddress };
        using var response = await PostAsync("/download-track", Key, new { track_id = Catalog.LongTrackId }, raw);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(["gzip"], response.Content.Headers.ContentEncoding);
        var wire = await response.Content.ReadAsByteArrayAsync();
        Assert.InRange(wire.Length, 1, Expanded / 500);
        if (withLength)
        {
            Assert.NotEqual(true, response.Headers.TransferEncodingChunked);
            Assert.Equal(wire.Length, response.Content.Headers.ContentLength);
            Assert.Equal(wire.Length, created.GetProperty("gzip_content_length").GetInt64());
        }
        else
        {
            // No Content-Length on the wire: the body came chunked.
            Assert.True(response.Headers.TransferEncodingChunked);
        }

        long expanded = 0;
        var buffer = new byte[64 * 1024];
        await using var gzip = new GZipStream(new MemoryStream(wire), CompressionMode.Decompress);
        int read;
        while ((read = await gzip.ReadAsync(buffer)) > 0)
        {
            expanded += read;
        }

        Assert.Equal(Expanded, expanded);
    }

    [Fact]
    public async Task Body_repeat_sends_the_body_text_that_many_times_with_the_key_in_each()
    {
        await AddFaultAsync(new { path = "/search", status = 500, body_text = "no {key}; ", body_repeat = 3, content_type = "text/plain" });

        using var response = await SearchAsync(Key, new { query = "jazz" });
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(string.Concat(Enumerable.Repeat($"no {Key}; ", 3)), text);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(300_000_000)]
    public async Task Body_repeat_out_of_range_is_refused(long repeat)
    {
        await ControlAsync("faults", new { path = "/search", status = 500, body_text = "x", body_repeat = repeat }, HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Header_bytes_pad_one_header_beyond_what_a_default_client_accepts()
    {
        await AddFaultAsync(new { path = "/search", status = 200, header_bytes = 100_000, times = 2 });

        using var tolerant = new HttpClient(new HttpClientHandler { MaxResponseHeadersLength = 1024 }) { BaseAddress = Fixture.Server.BaseAddress };
        using (var response = await PostAsync("/search", Key, new { query = "jazz" }, tolerant))
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal(100_000, Header(response, FaultSpec.PaddingHeader)!.Length);
        }

        // HttpClient's default limit is 64 KB of headers: the answer is refused before its body.
        await Assert.ThrowsAsync<HttpRequestException>(() => SearchAsync(Key, new { query = "jazz" }));
    }

    [Fact]
    public async Task Abort_before_headers_reads_the_whole_request_then_sends_no_byte()
    {
        await AddFaultAsync(new { path = "/search", status = 200, abort_before_headers = true });
        var body = Encoding.UTF8.GetBytes("{\"query\":\"" + new string('x', 200_000) + "\"}");

        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, Fixture.Server.BaseAddress.Port);
        var head = "POST /api/external/v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            + $"Authorization: Bearer {Key}\r\nContent-Type: application/json\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        await socket.SendAsync(body);

        var received = 0;
        try
        {
            var buffer = new byte[1024];
            int read;
            while ((read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(30))) > 0)
            {
                received += read;
            }
        }
        catch (SocketException)
        {
            // A reset instead of an orderly close: still no byte of answer.
        }

        Assert.Equal(0, received);
        var log = await WaitForLogAsync(entries => entries.Count == 1);
        Assert.Equal("/search", log[0].GetProperty("path").GetString());

        // Not processed, not charged: the key's credits are untouched.
        using var me = await GetAsync("/me", Key);
        Assert.Equal(Credits, (await ReadJsonAsync(me)).GetProperty("credits_remaining").GetInt64());
    }

    [Fact]
    public async Task An_http_client_sees_the_drop_as_a_failed_request()
    {
        await AddFaultAsync(new { path = "/download-track", status = 200, abort_before_headers = true });
        var error = await Record.ExceptionAsync(() => PostAsync("/download-track", Key, new { track_id = Catalog.LongTrackId }));
        Assert.IsType<HttpRequestException>(error);
    }

    [Fact]
    public async Task Retry_after_of_a_year_in_seconds_or_as_a_date_passes_through_unchanged()
    {
        var nextYear = DateTimeOffset.UtcNow.AddYears(1).ToString("R", CultureInfo.InvariantCulture);
        await AddFaultAsync(new { path = "/search", status = 429, headers = new Dictionary<string, string> { ["Retry-After"] = "31536000" } });
        await AddFaultAsync(new { path = "/search", status = 429, headers = new Dictionary<string, string> { ["Retry-After"] = nextYear } });

        using var seconds = await SearchAsync(Key, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.TooManyRequests, seconds.StatusCode);
        Assert.Equal("31536000", Header(seconds, "Retry-After"));

        using var date = await SearchAsync(Key, new { query = "jazz" });
        Assert.Equal(nextYear, Header(date, "Retry-After"));
    }
}
