#nullable enable
// The HTTP/1.1 server the Pester suites' test servers build on (loaded with Add-Type; not part of the module): it
// listens on a loopback address, reads each request's head on a kept-alive connection and hands it to the server,
// and offers what both servers need to relay a request to an upstream server and its answer back.
using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net;
using System.Net.Http;
using System.Net.Sockets;
using System.Text;
using System.Threading;
using System.Threading.Tasks;

namespace TrackyardTests
{
    /// <summary>A request's method, target (as on the request line) and headers, in order.</summary>
    public sealed class RequestHead
    {
        public string Method { get; set; } = "";
        public string Target { get; set; } = "";
        public List<KeyValuePair<string, string>> Headers { get; } = new List<KeyValuePair<string, string>>();

        public string? Header(string name) =>
            Headers.Where(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();

        public bool Has(string name) => Headers.Any(h => h.Key.Equals(name, StringComparison.OrdinalIgnoreCase));
    }

    public abstract class LoopbackHttpServer : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();

        protected LoopbackHttpServer(string listenAddress)
        {
            ListenAddress = listenAddress;
            _listener = new TcpListener(IPAddress.Parse(listenAddress), 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
        }

        public int Port { get; }

        public string ListenAddress { get; }

        /// <summary>Where relayed requests go: no proxy, no redirects followed.</summary>
        protected HttpClient Upstream { get; } = new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false });

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            Upstream.Dispose();
        }

        /// <summary>Starts taking connections; a server's constructor calls it last.</summary>
        protected void StartAccepting() => _ = AcceptLoopAsync();

        /// <summary>Answers one request of a connection; false closes the connection.</summary>
        protected abstract Task<bool> ServeAsync(Stream stream, RequestHead request);

        /// <summary>The request body, by Content-Length or chunked.</summary>
        protected static async Task<byte[]> ReadBodyAsync(Stream stream, RequestHead request)
        {
            if ((request.Header("Transfer-Encoding") ?? "").IndexOf("chunked", StringComparison.OrdinalIgnoreCase) < 0)
            {
                return await ReadExactlyAsync(stream, int.Parse(request.Header("Content-Length") ?? "0")).ConfigureAwait(false);
            }

            var body = new MemoryStream();
            while (true)
            {
                var sizeLine = await ReadLineAsync(stream).ConfigureAwait(false);
                var size = Convert.ToInt32(sizeLine.Split(';')[0].Trim(), 16);
                if (size == 0)
                {
                    await ReadLineAsync(stream).ConfigureAwait(false);
                    return body.ToArray();
                }

                var chunk = await ReadExactlyAsync(stream, size).ConfigureAwait(false);
                body.Write(chunk, 0, chunk.Length);
                await ReadLineAsync(stream).ConfigureAwait(false);
            }
        }

        /// <summary>Copies the request's headers onto <paramref name="forward"/>, but those <paramref name="skip"/> names.</summary>
        protected static void CopyHeaders(RequestHead request, HttpRequestMessage forward, Func<string, bool> skip)
        {
            foreach (var header in request.Headers)
            {
                if (skip(header.Key))
                {
                    continue;
                }

                if (!forward.Headers.TryAddWithoutValidation(header.Key, header.Value))
                {
                    forward.Content?.Headers.TryAddWithoutValidation(header.Key, header.Value);
                }
            }
        }

        /// <summary>Sends <paramref name="forward"/> upstream and writes its answer back whole; returns its status.</summary>
        protected async Task<int> RelayAsync(Stream stream, HttpRequestMessage forward)
        {
            using var response = await Upstream.SendAsync(forward).ConfigureAwait(false);
            var responseBody = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            var text = new StringBuilder();
            text.Append("HTTP/1.1 ").Append((int)response.StatusCode).Append(' ').Append(response.ReasonPhrase).Append("\r\n");
            foreach (var header in response.Headers.Concat(response.Content.Headers))
            {
                if (header.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) || header.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)
                    || header.Key.Equals("Connection", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                text.Append(header.Key).Append(": ").Append(string.Join(", ", header.Value)).Append("\r\n");
            }

            text.Append("Content-Length: ").Append(responseBody.Length).Append("\r\n\r\n");
            await WriteAsync(stream, text.ToString(), responseBody).ConfigureAwait(false);
            return (int)response.StatusCode;
        }

        protected static async Task WriteAsync(Stream stream, string head, byte[] body)
        {
            var headBytes = Encoding.ASCII.GetBytes(head);
            await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
            await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }

        private async Task AcceptLoopAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync().ConfigureAwait(false);
                }
                catch (Exception)
                {
                    return;
                }

                _ = ServeConnectionAsync(client);
            }
        }

        private async Task ServeConnectionAsync(TcpClient client)
        {
            using (client)
            using (var stream = client.GetStream())
            {
                try
                {
                    // Keep-alive: one request after another on the same connection until the client closes it.
                    while (await ReadHeadAsync(stream).ConfigureAwait(false) is { } head && await ServeAsync(stream, head).ConfigureAwait(false))
                    {
                    }
                }
                catch (Exception)
                {
                    // The client went away; nothing to report.
                }
            }
        }

        private static async Task<RequestHead?> ReadHeadAsync(Stream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (true)
            {
                var n = await stream.ReadAsync(one, 0, 1).ConfigureAwait(false);
                if (n == 0)
                {
                    return null;
                }

                bytes.Add(one[0]);
                var count = bytes.Count;
                if (count >= 4 && bytes[count - 4] == '\r' && bytes[count - 3] == '\n' && bytes[count - 2] == '\r' && bytes[count - 1] == '\n')
                {
                    var lines = Encoding.ASCII.GetString(bytes.ToArray(), 0, count - 4).Split(new[] { "\r\n" }, StringSplitOptions.None);
                    var requestLine = lines[0].Split(' ');
                    var head = new RequestHead { Method = requestLine[0], Target = requestLine[1] };
                    foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
                    {
                        var colon = line.IndexOf(':');
                        head.Headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
                    }

                    return head;
                }
            }
        }

        private static async Task<byte[]> ReadExactlyAsync(Stream stream, int length)
        {
            var bytes = new byte[length];
            for (var read = 0; read < length;)
            {
                var n = await stream.ReadAsync(bytes, read, length - read).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new EndOfStreamException();
                }

                read += n;
            }

            return bytes;
        }

        private static async Task<string> ReadLineAsync(Stream stream)
        {
            var bytes = new List<byte>();
            var one = new byte[1];
            while (await stream.ReadAsync(one, 0, 1).ConfigureAwait(false) == 1)
            {
                if (one[0] == '\n')
                {
                    break;
                }

                if (one[0] != '\r')
                {
                    bytes.Add(one[0]);
                }
            }

            return Encoding.ASCII.GetString(bytes.ToArray());
        }
    }
}
