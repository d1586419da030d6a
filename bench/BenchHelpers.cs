// Compiled into the benchmark process with Add-Type (see Invoke-Benchmark.ps1), so that the raw floor runs in the
// same process, runtime, GC mode and thread pool as the module it is compared with, and costs no PowerShell per call.
using System;
using System.Collections.Generic;
using System.Diagnostics;
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
    /// <summary>What a C# developer would write: one HttpClient, the same headers and body as the module.</summary>
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

        /// <summary>Sends n requests one after another and reads each body as bytes: the floor. Returns elapsed ms.</summary>
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

        /// <summary>The floor plus System.Text.Json into typed tracks. Returns elapsed ms; tracks received in <paramref name="tracks"/>.</summary>
        public double SearchTyped(string url, string query, int limit, int pages, int n, out long tracks)
        {
            long count = 0;
            var ms = Run(async () =>
            {
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
            });
            tracks = count;
            return ms;
        }

        private static double Run(Func<Task> body)
        {
            var watch = Stopwatch.StartNew();
            Task.Run(body).GetAwaiter().GetResult();
            return watch.Elapsed.TotalMilliseconds;
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
    /// The module's own HTTP layer (TrackyardClient.SearchAsync of a connection), called by reflection from C#:
    /// everything the module does per search except PowerShell (binding, the pipeline thread pump, WriteObject).
    /// </summary>
    public static class ModuleLayer
    {
        private const BindingFlags Internal = BindingFlags.NonPublic | BindingFlags.Public | BindingFlags.Instance;

        public static double Search(object connection, string query, int n)
        {
            var assembly = connection.GetType().Assembly;
            var client = connection.GetType().GetProperty("Client", Internal)?.GetValue(connection);
            var requestType = assembly.GetType("Trackyard.SearchRequest");
            var callType = assembly.GetType("Trackyard.CallOptions");
            var search = client?.GetType().GetMethod("SearchAsync", Internal);
            var queryProperty = requestType?.GetProperty("Query", Internal);
            if (client == null || callType == null || search == null || queryProperty == null)
            {
                throw new InvalidOperationException(
                    "The module's internals changed (Connection.Client, SearchRequest, CallOptions, TrackyardClient.SearchAsync): update ModuleLayer in bench/BenchHelpers.cs.");
            }

            var call = Activator.CreateInstance(callType, Internal, null, new object[] { false, null }, null);
            var watch = Stopwatch.StartNew();
            for (var i = 0; i < n; i++)
            {
                var request = Activator.CreateInstance(requestType, true);
                queryProperty.SetValue(request, query);
                var task = (Task)search.Invoke(client, new object[] { request, call, CancellationToken.None });
                task.GetAwaiter().GetResult();
            }

            return watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>
    /// The PowerShell floor: a compiled cmdlet with one positional string that writes 20 ready-made objects, as
    /// Search-TrackyardTrack does per page, but sends nothing.
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

    /// <summary>Flushes a file that was just written (by curl) to the disk: what a durable, atomic save adds.</summary>
    public static class Disk
    {
        public static double FsyncMilliseconds(string path)
        {
            var watch = Stopwatch.StartNew();
            using (var file = new System.IO.FileStream(path, System.IO.FileMode.Open, System.IO.FileAccess.ReadWrite, System.IO.FileShare.None))
            {
                file.Flush(flushToDisk: true);
            }

            return watch.Elapsed.TotalMilliseconds;
        }
    }

    /// <summary>Reads this process's resident memory (kB) and resets the peak (Linux /proc/self).</summary>
    public static class Memory
    {
        public static long Read(string field)
        {
            foreach (var line in System.IO.File.ReadAllLines("/proc/self/status"))
            {
                if (line.StartsWith(field + ":", StringComparison.Ordinal))
                {
                    var parts = line.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries);
                    return long.Parse(parts[1]);
                }
            }

            return -1;
        }

        /// <summary>Writes 5 to /proc/self/clear_refs: VmHWM restarts from the current VmRSS. False if not allowed.</summary>
        public static bool ResetPeak()
        {
            try
            {
                System.IO.File.WriteAllText("/proc/self/clear_refs", "5");
                return true;
            }
            catch (Exception)
            {
                return false;
            }
        }
    }
}
