using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Microsoft.Extensions.Logging;

namespace Trackyard.Emulator.Tests;

/// <summary>A client that hangs up mid-request or mid-answer is logged as information, never as an error.</summary>
public sealed class HangUpTests : IAsyncLifetime
{
    private readonly CapturingLoggerProvider _logs = new();
    private EmulatorServer _server = null!;
    private HttpClient _http = null!;

    public async Task InitializeAsync()
    {
        _server = await EmulatorServer.StartAsync([], logging => logging.AddProvider(_logs).AddFilter<CapturingLoggerProvider>(null, LogLevel.Trace));
        _http = new HttpClient { BaseAddress = _server.BaseAddress };
    }

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _server.DisposeAsync();
    }

    [Theory]
    [InlineData("/search")]
    [InlineData("/download-track")]
    public async Task A_client_that_hangs_up_mid_body_is_information_not_an_error(string path)
    {
        using (var socket = await ConnectAsync())
        {
            var head = $"POST /api/external/v1{path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {EmulatorTestBase.Pro}\r\n"
                + "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{\"query\":\"ja";
            await socket.SendAsync(Encoding.ASCII.GetBytes(head));
        }

        await WaitForLogAsync(1);
        AssertNoErrors();
        Assert.Contains(_logs.Entries, e => e.Level == LogLevel.Information && e.Message.Contains("went away", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_client_that_hangs_up_mid_download_is_information_not_an_error()
    {
        using (var socket = await ConnectAsync())
        {
            var body = $"{{\"track_id\":\"{Catalog.LongTrackId}\"}}";
            var request = $"POST /api/external/v1/download-track HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {EmulatorTestBase.Pro}\r\n"
                + $"Content-Type: application/json\r\nContent-Length: {body.Length.ToString(CultureInfo.InvariantCulture)}\r\n\r\n{body}";
            await socket.SendAsync(Encoding.ASCII.GetBytes(request));
            var buffer = new byte[64 * 1024];
            Assert.True(await socket.ReceiveAsync(buffer) > 0, "the download should have started");

            // Reset rather than close politely, as a killed client does.
            socket.LingerState = new LingerOption(true, 0);
        }

        await WaitForLogAsync(1);
        AssertNoErrors();
    }

    [Fact]
    public async Task A_body_kestrel_cannot_read_is_a_400_and_information_not_an_error()
    {
        using var socket = await ConnectAsync();
        var request = $"POST /api/external/v1/search HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {EmulatorTestBase.Pro}\r\n"
            + "Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\nZZ\r\n{}\r\n0\r\n\r\n";
        await socket.SendAsync(Encoding.ASCII.GetBytes(request));
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        int read;
        while (!answer.ToString().Contains("\r\n\r\n", StringComparison.Ordinal)
            && (read = await socket.ReceiveAsync(buffer.AsMemory()).AsTask().WaitAsync(TimeSpan.FromSeconds(20))) > 0)
        {
            answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }

        Assert.StartsWith("HTTP/1.1 400 ", answer.ToString());
        await WaitForLogAsync(1);
        AssertNoErrors();
    }

    private async Task<Socket> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        await socket.ConnectAsync(IPAddress.Loopback, _server.BaseAddress.Port);
        return socket;
    }

    /// <summary>The emulator logs a request after it is done with it, so the entry is the signal that it was handled.</summary>
    private async Task WaitForLogAsync(int count)
    {
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (JsonDocument.Parse(await _http.GetStringAsync("_emulator/requests")).RootElement.GetArrayLength() < count)
        {
            Assert.True(DateTime.UtcNow < deadline, "the request never reached the request log");
            await Task.Delay(20);
        }
    }

    private void AssertNoErrors()
    {
        var errors = _logs.Entries.Where(e => e.Level >= LogLevel.Warning).ToList();
        Assert.True(errors.Count == 0, string.Join("\n", errors.Select(e => $"{e.Level} {e.Category}: {e.Message}")));
    }

    private sealed record LogEntry(LogLevel Level, string Category, string Message);

    /// <summary>Keeps every log entry of the server in memory.</summary>
    private sealed class CapturingLoggerProvider : ILoggerProvider
    {
        private readonly ConcurrentQueue<LogEntry> _entries = new();

        public IReadOnlyCollection<LogEntry> Entries => _entries;

        public ILogger CreateLogger(string categoryName) => new Logger(categoryName, _entries);

        public void Dispose()
        {
        }

        private sealed class Logger(string category, ConcurrentQueue<LogEntry> entries) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue(new LogEntry(logLevel, category, formatter(state, exception) + (exception is null ? "" : " " + exception.GetType().Name)));
        }
    }
}
