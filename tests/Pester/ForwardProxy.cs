#nullable enable
// A tiny HTTP forward proxy for the Pester suites (loaded with Add-Type with LoopbackHttpServer.cs; not part of the module).
// It listens on 127.0.0.1, takes absolute-URI requests ("GET http://host:port/path HTTP/1.1"), forwards them
// with HttpClient, and records what it saw, including whether a request carried an Authorization header (the API
// key). CONNECT (how https goes through a proxy) is recorded and answered with ConnectStatus (502 by default):
// the tunnel itself is never opened. With a required credential it answers 407 until the client sends a matching
// "Proxy-Authorization: Basic ...".
using System;
using System.Collections.Concurrent;
using System.IO;
using System.Net.Http;
using System.Text;
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

    public sealed class ForwardProxy : LoopbackHttpServer
    {
        private readonly string? _expectedAuthorization;

        public ForwardProxy(string? userName = null, string? password = null)
            : base("127.0.0.1")
        {
            if (userName != null)
            {
                _expectedAuthorization = "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes(userName + ":" + password));
            }

            StartAccepting();
        }

        public string Uri => "http://127.0.0.1:" + Port;

        public ConcurrentQueue<ProxiedRequest> Requests { get; } = new ConcurrentQueue<ProxiedRequest>();

        /// <summary>What an allowed CONNECT is answered with (the tunnel is never opened).</summary>
        public int ConnectStatus { get; set; } = 502;

        protected override async Task<bool> ServeAsync(Stream stream, RequestHead request)
        {
            var body = await ReadBodyAsync(stream, request).ConfigureAwait(false);
            var seen = new ProxiedRequest { Method = request.Method, Target = request.Target };
            seen.Authorized = _expectedAuthorization != null && request.Header("Proxy-Authorization") == _expectedAuthorization;
            seen.CarriedAuthorization = request.Has("Authorization");
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

            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), request.Target);
            if (body.Length > 0)
            {
                forward.Content = new ByteArrayContent(body);
            }

            CopyHeaders(request, forward, name => name.StartsWith("Proxy-", StringComparison.OrdinalIgnoreCase) || name.Equals("Host", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Connection", StringComparison.OrdinalIgnoreCase) || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase));
            seen.Status = await RelayAsync(stream, forward).ConfigureAwait(false);
            Requests.Enqueue(seen);
            return true;
        }
    }
}
