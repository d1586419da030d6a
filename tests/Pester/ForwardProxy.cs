#nullable enable
// A tiny HTTP forward proxy for the Pester suites (loaded with Add-Type; not part of the module).
// It listens on 127.0.0.1, takes absolute-URI requests ("GET http://host:port/path HTTP/1.1"), forwards them
// with HttpClient, and records what it saw, including whether a request carried an Authorization header (the API
// key). CONNECT (how https goes through a proxy) is recorded and answered with ConnectStatus (502 by default):
// the tunnel itself is never opened. With a required credential it answers 407 until the client sends a matching
// "Proxy-Authorization: Basic ...".
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
    public sealed class ProxiedRequest
    {
        public string Method { get; set; } = "";
        public string Target { get; set; } = "";
        public bool Authorized { get; set; }
        public bool CarriedAuthorization { get; set; }
        public int Status { get; set; }
    }

    public sealed class ForwardProxy : IDisposable
    {
        private readonly TcpListener _listener = new TcpListener(IPAddress.Loopback, 0);
        private readonly HttpClient _upstream = new HttpClient(new HttpClientHandler { UseProxy = false, AllowAutoRedirect = false });
        private readonly CancellationTokenSource _stop = new CancellationTokenSource();
        private readonly string? _expectedAuthorization;

        public ForwardProxy(string? userName = null, string? password = null)
        {
            if (userName != null)
            {
                _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));
            }

            _listener.Start();
            Port = ((IPEndPoint)_listener.LocalEndpoint).Port;
            _ = AcceptLoopAsync();
        }

        public int Port { get; }

        public string Uri => "http://127.0.0.1:" + Port;

        public ConcurrentQueue<ProxiedRequest> Requests { get; } = new ConcurrentQueue<ProxiedRequest>();

        /// <summary>What an allowed CONNECT is answered with (the tunnel is never opened).</summary>
        public int ConnectStatus { get; set; } = 502;

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
                    // Keep-alive: one request after another on the same connection until the client closes it.
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

            var length = headers.Where(h => h.Key.Equals("Content-Length", StringComparison.OrdinalIgnoreCase)).Select(h => int.Parse(h.Value)).FirstOrDefault();
            var body = new byte[length];
            for (var read = 0; read < length;)
            {
                var n = await stream.ReadAsync(body, read, length - read).ConfigureAwait(false);
                if (n == 0)
                {
                    return false;
                }

                read += n;
            }

            var seen = new ProxiedRequest { Method = requestLine[0], Target = requestLine[1] };
            var authorization = headers.Where(h => h.Key.Equals("Proxy-Authorization", StringComparison.OrdinalIgnoreCase)).Select(h => h.Value).FirstOrDefault();
            seen.Authorized = _expectedAuthorization != null && authorization == _expectedAuthorization;
            seen.CarriedAuthorization = headers.Any(h => h.Key.Equals("Authorization", StringComparison.OrdinalIgnoreCase));
            if (_expectedAuthorization != null && !seen.Authorized)
            {
                seen.Status = 407;
                Requests.Enqueue(seen);
                await WriteAsync(stream, "HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"trackyard-test\"\r\nContent-Length: 0\r\n\r\n", Array.Empty<byte>()).ConfigureAwait(false);
                return true;
            }

            if (seen.Method.Equals("CONNECT", StringComparison.OrdinalIgnoreCase))
            {
                seen.Status = ConnectStatus;
                Requests.Enqueue(seen);
                await WriteAsync(stream, "HTTP/1.1 " + ConnectStatus + " Refused by the test proxy\r\nContent-Length: 0\r\nConnection: close\r\n\r\n", Array.Empty<byte>()).ConfigureAwait(false);
                return false;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(requestLine[0]), requestLine[1]);
            if (length > 0)
            {
                forward.Content = new ByteArrayContent(body);
            }

            foreach (var header in headers)
            {
                var name = header.Key;
                if (name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                    || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase))
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
