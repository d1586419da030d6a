#nullable enable
// A tiny reverse proxy for the Pester suites (loaded with Add-Type with LoopbackHttpServer.cs; not part of the module). It listens on a
// loopback address (127.0.0.1 unless told otherwise, e.g. 127.0.0.2 to stand for another host), passes every
// request on to one upstream server (the emulator) and its answer back, and records each request's method, path,
// body and whether it carried an Authorization header, so a test can see exactly what the module sent (the
// emulator's own request log keeps no bodies and does not log previews).
using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.IO;
using System.Net.Http;
using System.Text;
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

    public sealed class RecordingRelay : LoopbackHttpServer
    {
        private readonly Uri _upstreamBase;

        /// <param name="upstream">The server to relay to, e.g. "http://127.0.0.1:5000" (no path).</param>
        /// <param name="listenAddress">The loopback address to listen on.</param>
        public RecordingRelay(string upstream, string listenAddress = "127.0.0.1")
            : base(listenAddress)
        {
            _upstreamBase = new Uri(upstream.TrimEnd('/') + "/");
            StartAccepting();
        }

        public string BaseUri => "http://" + ListenAddress + ":" + Port;

        public ConcurrentQueue<RelayedRequest> Requests { get; } = new ConcurrentQueue<RelayedRequest>();

        protected override async Task<bool> ServeAsync(Stream stream, RequestHead request)
        {
            var body = await ReadBodyAsync(stream, request).ConfigureAwait(false);
            var seen = new RelayedRequest
            {
                Method = request.Method,
                Path = request.Target,
                Body = Encoding.UTF8.GetString(body),
                CarriedAuthorization = request.Has("Authorization"),
            };
            foreach (var header in request.Headers)
            {
                seen.Headers[header.Key] = header.Value;
            }

            using var forward = new HttpRequestMessage(new HttpMethod(request.Method), new Uri(_upstreamBase, request.Target.TrimStart('/')));
            if (body.Length > 0)
            {
                forward.Content = new ByteArrayContent(body);
            }

            CopyHeaders(request, forward, name => name.Equals("Host", StringComparison.OrdinalIgnoreCase) || name.Equals("Connection", StringComparison.OrdinalIgnoreCase)
                || name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) || name.Equals("Transfer-Encoding", StringComparison.OrdinalIgnoreCase));
            seen.Status = await RelayAsync(stream, forward).ConfigureAwait(false);
            Requests.Enqueue(seen);
            return true;
        }
    }
}
