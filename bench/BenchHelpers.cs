// Compiled into the measuring process with Add-Type (see Measure-Benchmark.ps1), so that the raw anchors run in the
// same process, runtime, GC mode and thread pool as the module they are compared with, and cost no PowerShell per
// call. Nothing here touches the module's internals: the module is only ever driven through its public cmdlets.
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Net.Http.Headers;
using System.Reflection;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Threading;
using System.Threading.Tasks;

namespace TrackyardBench
{
    /// <summary>
    /// What a C# developer would write: one HttpClient, the same headers and body as the module, System.Text.Json
    /// into typed tracks.
    /// </summary>
    public sealed class RawClient : IDisposable
    {
        private readonly HttpClient _http = new HttpClient();
        private readonly string _key;
        private readonly string _userAgent;

        public RawClient(string key, string userAgent)
        {
            _key = key;
            _userAgent = userAgent;
        }

        public void Dispose() => _http.Dispose();

        private HttpRequestMessage Request(HttpMethod method, string url, string body)
        {
            var request = new HttpRequestMessage(method, url);
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", _key);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("application/json"));
            request.Headers.TryAddWithoutValidation("User-Agent", _userAgent);
            if (body != null)
            {
                request.Content = new StringContent(body, Encoding.UTF8, "application/json");
            }

            return request;
        }

        /// <summary>The floor: sends n requests one after another and reads each body as bytes, nothing more. Returns elapsed ms.</summary>
        public double Loop(string method, string url, string body, int n)
        {
            return Run(async () =>
            {
                for (var i = 0; i < n; i++)
                {
                    using (var request = Request(new HttpMethod(method), url, body))
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))
                    {
                        response.EnsureSuccessStatusCode();
                        await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                    }
                }
            });
        }

        /// <summary>
        /// The anchor: n times, <paramref name="pages"/> sequential pages of <paramref name="limit"/>, each body
        /// serialized and each response deserialized into typed tracks with System.Text.Json. Returns elapsed ms;
        /// the tracks received in <paramref name="tracks"/>.
        /// </summary>
        public double SearchTyped(string url, string query, int limit, int pages, int n, out long tracks)
        {
            long count = 0;
            var ms = Run(async () => { count = await SearchTypedAsync(url, query, limit, pages, n).ConfigureAwait(false); });
            tracks = count;
            return ms;
        }

        internal async Task<long> SearchTypedAsync(string url, string query, int limit, int pages, int n)
        {
            long count = 0;
            for (var i = 0; i < n; i++)
            {
                for (var page = 0; page < pages; page++)
                {
                    var body = JsonSerializer.Serialize(new WireRequest { Query = query, Limit = limit, Offset = page * limit });
                    using (var request = Request(HttpMethod.Post, url, body))
                    using (var response = await _http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead).ConfigureAwait(false))
                    {
                        response.EnsureSuccessStatusCode();
                        var bytes = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                        var parsed = JsonSerializer.Deserialize<WireResponse>(bytes);
                        count += parsed.Tracks.Length;
                    }
                }
            }

            return count;
        }

        /// <summary>The first track id of one typed search: the same-responses check against the module.</summary>
        public string FirstTrackId(string url, string query, int limit)
        {
            string id = null;
            Run(async () =>
            {
                var body = JsonSerializer.Serialize(new WireRequest { Query = query, Limit = limit, Offset = 0 });
                using (var request = Request(HttpMethod.Post, url, body))
                using (var response = await _http.SendAsync(request).ConfigureAwait(false))
                {
                    response.EnsureSuccessStatusCode();
                    id = JsonSerializer.Deserialize<WireResponse>(await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false)).Tracks[0].Id;
                }
            });
            return id;
        }

        private static double Run(Func<Task> body)
        {
            var watch = Stopwatch.StartNew();
            Task.Run(body).GetAwaiter().GetResult();
            return watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// The parallel anchor: <c>threads</c> raw typed clients, each on a thread of its own, each sending its searches
    /// one after another; all released at once when every thread is ready.
    /// </summary>
    public sealed class RawParallel : IDisposable
    {
        private readonly RawClient[] _clients;
        private readonly string _url;
        private readonly string _query;

        public RawParallel(int threads, string key, string userAgent, string url, string query)
        {
            _clients = new RawClient[threads];
            for (var i = 0; i < threads; i++)
            {
                _clients[i] = new RawClient(key, userAgent);
            }

            _url = url;
            _query = query;
        }

        public void Dispose()
        {
            foreach (var client in _clients)
            {
                client.Dispose();
            }
        }

        /// <summary>Each thread runs <paramref name="each"/> searches; returns ms from the release to the last finish. Tracks in <paramref name="tracks"/>.</summary>
        public double Run(int each, out long tracks)
        {
            var ready = new CountdownEvent(_clients.Length);
            var go = new ManualResetEventSlim(false);
            var counts = new long[_clients.Length];
            var failures = new Exception[_clients.Length];
            var threads = new Thread[_clients.Length];
            for (var i = 0; i < _clients.Length; i++)
            {
                var index = i;
                threads[i] = new Thread(() =>
                {
                    ready.Signal();
                    go.Wait();
                    try
                    {
                        counts[index] = _clients[index].SearchTypedAsync(_url, _query, 20, 1, each).GetAwaiter().GetResult();
                    }
                    catch (Exception ex)
                    {
                        failures[index] = ex;
                    }
                });
                threads[i].Start();
            }

            ready.Wait();
            var watch = Stopwatch.StartNew();
            go.Set();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            var ms = watch.Elapsed.TotalMilliseconds;
            foreach (var failure in failures)
            {
                if (failure != null)
                {
                    throw new InvalidOperationException("A raw parallel client failed: " + failure.Message, failure);
                }
            }

            long total = 0;
            foreach (var count in counts)
            {
                total += count;
            }

            tracks = total;
            return ms;
        }
    }

    public sealed class WireRequest
    {
        [JsonPropertyName("query")] public string Query { get; set; }
        [JsonPropertyName("limit")] public int Limit { get; set; }
        [JsonPropertyName("offset")] public int Offset { get; set; }
    }

    public sealed class WireResponse
    {
        [JsonPropertyName("tracks")] public WireTrack[] Tracks { get; set; }
        [JsonPropertyName("credits_remaining")] public long? CreditsRemaining { get; set; }
    }

    public sealed class WireTrack
    {
        [JsonPropertyName("id")] public string Id { get; set; }
        [JsonPropertyName("title")] public string Title { get; set; }
        [JsonPropertyName("artist")] public string Artist { get; set; }
        [JsonPropertyName("duration_seconds")] public double? DurationSeconds { get; set; }
        [JsonPropertyName("bpm")] public double? Bpm { get; set; }
        [JsonPropertyName("key")] public string Key { get; set; }
        [JsonPropertyName("genre")] public string Genre { get; set; }
        [JsonPropertyName("subgenres")] public string[] Subgenres { get; set; }
        [JsonPropertyName("moods")] public string[] Moods { get; set; }
        [JsonPropertyName("has_vocals")] public bool? HasVocals { get; set; }
        [JsonPropertyName("energy_level")] public string EnergyLevel { get; set; }
        [JsonPropertyName("instruments")] public string[] Instruments { get; set; }
        [JsonPropertyName("preview_url")] public string PreviewUrl { get; set; }
    }

    /// <summary>
    /// PowerShell's own per-call floor: a compiled cmdlet with one positional string that writes 20 ready-made
    /// objects, as Search-TrackyardTrack does per page, but sends nothing.
    /// </summary>
    [Cmdlet(VerbsLifecycle.Invoke, "BenchNoop")]
    public sealed class InvokeBenchNoopCommand : PSCmdlet
    {
        private static readonly object[] Items = CreateItems();

        [Parameter(Position = 0, Mandatory = true, ValueFromPipeline = true)]
        public string[] Query { get; set; }

        protected override void ProcessRecord()
        {
            foreach (var item in Items)
            {
                WriteObject(item);
            }
        }

        private static object[] CreateItems()
        {
            var items = new object[20];
            for (var i = 0; i < items.Length; i++)
            {
                items[i] = new WireTrack { Id = "track" + i, Title = "Title " + i };
            }

            return items;
        }
    }

    /// <summary>
    /// Counters read around each measured slice: CPU time of this process and of the emulator, and the bytes this
    /// process allocated.
    /// </summary>
    public static class Counters
    {
        /// <summary>CPU time of this process, all threads (getrusage), in ms.</summary>
        public static double SelfCpuMs() => Environment.CpuUsage.TotalTime.TotalMilliseconds;

        /// <summary>Bytes allocated by this process so far (precise).</summary>
        public static long AllocatedBytes() => GC.GetTotalAllocatedBytes(true);

        /// <summary>
        /// CPU time of another process in ms: the sum of its threads' run time from /proc/&lt;pid&gt;/task/*/schedstat
        /// (nanoseconds), or, where that file is missing, the process's user + system time (10 ms ticks). A thread
        /// that has ended keeps the last run time read for it, so the sum never goes backwards (it misses only what
        /// such a thread ran between its last reading and its end).
        /// </summary>
        public static double ProcessCpuMs(int pid)
        {
            lock (LastRunTimes)
            {
                var found = false;
                try
                {
                    foreach (var task in Directory.GetDirectories("/proc/" + pid + "/task"))
                    {
                        try
                        {
                            var text = File.ReadAllText(Path.Combine(task, "schedstat"));
                            LastRunTimes[pid + "/" + Path.GetFileName(task)] = long.Parse(text.Substring(0, text.IndexOf(' ')));
                            found = true;
                        }
                        catch (IOException)
                        {
                            // The thread ended between the listing and the read.
                        }
                    }
                }
                catch (IOException)
                {
                    found = false;
                }

                if (!found)
                {
                    using (var process = Process.GetProcessById(pid))
                    {
                        return process.TotalProcessorTime.TotalMilliseconds;
                    }
                }

                long nanoseconds = 0;
                var prefix = pid + "/";
                foreach (var entry in LastRunTimes)
                {
                    if (entry.Key.StartsWith(prefix, StringComparison.Ordinal))
                    {
                        nanoseconds += entry.Value;
                    }
                }

                return nanoseconds / 1e6;
            }
        }

        private static readonly Dictionary<string, long> LastRunTimes = new Dictionary<string, long>();

        /// <summary>True when /proc/&lt;pid&gt;/task/*/schedstat can be read (the precise source of <see cref="ProcessCpuMs"/>).</summary>
        public static bool HasSchedstat(int pid)
        {
            try
            {
                foreach (var task in Directory.GetDirectories("/proc/" + pid + "/task"))
                {
                    return File.Exists(Path.Combine(task, "schedstat"));
                }
            }
            catch (IOException)
            {
            }

            return false;
        }
    }

    /// <summary>
    /// The emulator's search engine in this process (its assembly loaded by path, called by reflection): the time to
    /// parse a /search body and rank the catalogue, without HTTP. Returns microseconds per search.
    /// </summary>
    public static class EmulatorEngine
    {
        public static double MicrosecondsPerSearch(string emulatorDll, int seed, int size, string body, int n, out int results)
        {
            var assembly = Assembly.LoadFrom(emulatorDll);
            var catalogType = assembly.GetType("Trackyard.Emulator.Catalog", true);
            var engineType = assembly.GetType("Trackyard.Emulator.SearchEngine", true);
            var requestType = assembly.GetType("Trackyard.Emulator.SearchRequest", true);
            var catalog = Activator.CreateInstance(catalogType, seed, size);
            var engine = Activator.CreateInstance(engineType, catalog);
            var parse = requestType.GetMethod("Parse", BindingFlags.Public | BindingFlags.Static);
            var search = engineType.GetMethod("Search", BindingFlags.Public | BindingFlags.Instance);
            if (parse == null || search == null)
            {
                throw new InvalidOperationException("The emulator's SearchRequest.Parse or SearchEngine.Search changed: update EmulatorEngine in bench/BenchHelpers.cs.");
            }

            var count = 0;
            Func<int> once = () =>
            {
                using (var document = JsonDocument.Parse(body))
                {
                    var request = parse.Invoke(null, new object[] { document.RootElement, catalog });
                    var found = 0;
                    foreach (var unused in (System.Collections.IEnumerable)search.Invoke(engine, new[] { request }))
                    {
                        found++;
                    }

                    return found;
                }
            };
            for (var i = 0; i < 200; i++)
            {
                count = once();
            }

            var watch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                count = once();
            }

            results = count;
            return watch.Elapsed.TotalMilliseconds * 1000.0 / n;
        }
    }
}
