#nullable enable
// A tiny reverse proxy for the Pester suites (loaded with Add-Type; not part of the module). It listens on a
// loopback address (127.0.0.1 unless told otherwise, e.g. 127.0.0.2 to stand for another host), passes every
// request on to one upstream server (the emulator) and its answer back, and records each request's method, path,
// body and whether it carried an Authorization header, so a test can see exactly what the module sent (the
// emulator's own request log keeps no bodies and does not log previews).
using System;
using System.Collections.Concurrent;
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
    public sealed class RelayedRequest
    {
        public string Method { get; set; } = "";
        public string Path { get; set; } = "";
        public string Body { get; set; } = "";
        public bool CarriedAuthorization { get; set; }
        public int Status { get; set; }
        public Dictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
    }

    public sealed class RecordingRelay : IDisposable
    {
        private readonly TcpListener _listener;
        private readonly HttpClient _upstream = new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false });
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly Uri _upstreamBase;

        /// <param name="upstream">The server to relay to, e.g. "http://127.0.0.1:5000" (no path).</param>
        /// <param name="listenAddress">The loopback address to listen on.</param>
        public RecordingRelay(string upstream, string listenAddress = "127.0.0.1")
        {
            _upstreamBase = new Uri(upstream.TrimEnd('/') + "/");
            ListenAddress = listenAddress;
            _listener = new TcpListener(IPAddress.Parse(listenAddress), 0);
            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoopAsync();
        }

        public int Port { get; }

        public string ListenAddress { get; }

        public string BaseUri => "http://" + ListenAddress + ":" + Port;

        public ConcurrentQueue<RelayedRequest> Requests { get; } = new ConcurrentQueue<RelayedRequest>();

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
            _upstream.Dispose();
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

                _ = ServeAsync(client);
            }
        }

        private async Task ServeAsync(TcpClient client)
        {
            using (client)
            using (var stream = client.GetStream())
            {
                try
                {
                    while (await ServeOneAsync(stream).ConfigureAwait(false))
                    {
                    }
                }
                catch (Exception)
                {
                    // The client went away; nothing to report.
                }
            }
        }

        private async Task<bool> ServeOneAsync(Stream stream)
        {
            var head = await ReadHeadAsync(stream).ConfigureAwait(false);
            if (head == null)
            {
                return false;
            }

            var lines = head.Split(new[] { "\r\n" }, StringSplitOptions.None);
            var requestLine = lines[0].Split(' ');
            var headers = new List<KeyValuePair<string, string>>();
            foreach (var line in lines.Skip(1).Where(l => l.Length > 0))
            {
                var colon = line.IndexOf(':');
                headers.Add(new KeyValuePair<string, string>(line.Substring(0, colon).Trim(), line.Substring(colon + 1).Trim()));
            }

            var body = await ReadBodyAsync(stream, headers).ConfigureAwait(false);
            var seen = new RelayedRequest
            {
                Method = requestLine[0],
                Path = requestLine[1],
                Body = Encoding.UTF8.GetString(body),
                CarriedAuthorization = headers.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase)),
            };
            foreach (var header in headers)
            {
                seen.Headers[header.Key] = header.Value;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(requestLine[0]), new Uri(_upstreamBase, requestLine[1].TrimStart('/')));
            if (body.Length > 0)
            {
                forward.Content = new ByteArrayContent(body);
            }

            foreach (var header in headers)
            {
                var name = header.Key;
                if (name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase))
                {
                    continue;
                }

                if (!forward.Headers.TryAddWithoutValidation(name, header.Value))
                {
                    forward.Content?.Headers.TryAddWithoutValidation(name, header.Value);
                }
            }

            using var response = await _upstream.SendAsync(forward).ConfigureAwait(false);
            var responseBody = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            seen.Status = (int)response.StatusCode;
            Requests.Enqueue(seen);

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
            return true;
        }

        /// <summary>The request body, by Content-Length or chunked.</summary>
        private static async Task<byte[]> ReadBodyAsync(Stream stream, List<KeyValuePair<string, string>> headers)
        {
            var chunked = headers.Any(h => h.Key.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase) && h.Value.IndexOf("chunked", StringComparison.OrdinalIgnoreCase) >= 0);
            if (!chunked)
            {
                var length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value)).FirstOrDefault();
                return await ReadExactlyAsync(stream, length).ConfigureAwait(false);
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

        private static async Task<string?> ReadHeadAsync(Stream stream)
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
                    return Encoding.ASCII.GetString(bytes.ToArray(), 0, count - 4);
                }
            }
        }

        private static async Task WriteAsync(Stream stream, string head, byte[] body)
        {
            var headBytes = Encoding.ASCII.GetBytes(head);
            await stream.WriteAsync(headBytes, 0, headBytes.Length).ConfigureAwait(false);
            await stream.WriteAsync(body, 0, body.Length).ConfigureAwait(false);
            await stream.FlushAsync().ConfigureAwait(false);
        }
    }
}
