using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace Trackyard.Emulator.Tests;

/// <summary>Resets the shared emulator before each test and offers small HTTP helpers.</summary>
public abstract class EmulatorTestBase(EmulatorFixture fixture) : IAsyncLifetime
{
    public const string Free = "trackyard_test_free";
    public const string Starter = "trackyard_test_starter";
    public const string Pro = "trackyard_test_pro";
    public const string Unlimited = "trackyard_test_unlimited";
    public const string NoCredits = "trackyard_test_nocredits";
    public const string SearchOnly = "trackyard_test_searchonly";
    public const string Revoked = "trackyard_test_revoked";
    public const string Api = "api/external/v1";

    protected EmulatorFixture Fixture { get; } = fixture;

    protected HttpClient Http => Fixture.Http;

    public virtual async Task InitializeAsync()
    {
        using var response = await Http.PostAsync("_emulator/reset", null);
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    protected Task<HttpResponseMessage> SendAsync(HttpMethod method, string path, string? key, string? rawBody = null, HttpClient? client = null)
    {
        var request = new HttpRequestMessage(method, Api + path);
        if (key is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }

        if (rawBody is not null)
        {
            request.Content = new StringContent(rawBody, Encoding.UTF8, "application/json");
        }

        return (client ?? Http).SendAsync(request);
    }

    protected Task<HttpResponseMessage> PostAsync(string path, string? key, object body, HttpClient? client = null) =>
        SendAsync(HttpMethod.Post, path, key, JsonSerializer.Serialize(body), client);

    protected Task<HttpResponseMessage> SearchAsync(string? key, object body) => PostAsync("/search", key, body);

    protected Task<HttpResponseMessage> GetAsync(string path, string? key) => SendAsync(HttpMethod.Get, path, key);

    protected async Task<JsonElement> ControlAsync(string path, object body, HttpStatusCode expected = HttpStatusCode.Created)
    {
        using var response = await Http.PostAsync("_emulator/" + path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));
        Assert.Equal(expected, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    protected Task<JsonElement> AddKeyAsync(string key, long? credits = null, int? perMinute = null, int? perDay = null, string[]? scopes = null, string tier = "pro") =>
        ControlAsync("keys", new Dictionary<string, object?>
        {
            ["key"] = key,
            ["tier"] = tier,
            ["credits"] = credits,
            ["per_minute"] = perMinute,
            ["per_day"] = perDay,
            ["scopes"] = scopes ?? ["search", "download"],
        });

    protected Task<JsonElement> AddFaultAsync(object fault) => ControlAsync("faults", fault);

    protected static async Task<JsonElement> ReadJsonAsync(HttpResponseMessage response)
    {
        var text = await response.Content.ReadAsStringAsync();
        return text.Length == 0 ? default : JsonDocument.Parse(text).RootElement.Clone();
    }

    protected async Task<JsonElement> SearchOkAsync(object body, string key = Unlimited)
    {
        using var response = await SearchAsync(key, body);
        var json = await ReadJsonAsync(response);
        Assert.True(response.StatusCode == HttpStatusCode.OK, json.ToString());
        return json;
    }

    /// <summary>Asserts the superset error body and the X-Request-Id header.</summary>
    protected static async Task<JsonElement> AssertErrorAsync(HttpResponseMessage response, int status, string code, string? error = null)
    {
        Assert.Equal(status, (int)response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await ReadJsonAsync(response);
        Assert.Equal(code, json.GetProperty("code").GetString());
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("error").GetString()));
        Assert.False(string.IsNullOrWhiteSpace(json.GetProperty("message").GetString()));
        if (error is not null)
        {
            Assert.Equal(error, json.GetProperty("error").GetString());
        }

        var requestId = Header(response, "X-Request-Id");
        Assert.NotNull(requestId);
        Assert.Equal(requestId, json.GetProperty("request_id").GetString());
        return json;
    }

    /// <summary>
    /// The request log once <paramref name="until"/> holds for it (an entry is added after its answer is done, so a
    /// client may see the answer end first). Gives up after 10 s.
    /// </summary>
    protected async Task<List<JsonElement>> WaitForLogAsync(Func<List<JsonElement>, bool> until, HttpClient? control = null)
    {
        var deadline = Stopwatch.StartNew();
        while (true)
        {
            using var response = await (control ?? Http).GetAsync("_emulator/requests");
            var entries = (await ReadJsonAsync(response)).EnumerateArray().ToList();
            if (until(entries))
            {
                return entries;
            }

            Assert.True(deadline.Elapsed < TimeSpan.FromSeconds(10), "the request log did not show the expected entries within 10 s");
            await Task.Delay(20);
        }
    }

    protected static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) || response.Content.Headers.TryGetValues(name, out values)
            ? string.Join(",", values)
            : null;

    protected static long? HeaderNumber(HttpResponseMessage response, string name) =>
        Header(response, name) is { } value ? long.Parse(value, System.Globalization.CultureInfo.InvariantCulture) : null;

    protected static List<string> Ids(JsonElement searchResult) =>
        searchResult.GetProperty("tracks").EnumerateArray().Select(t => t.GetProperty("id").GetString()!).ToList();

    protected static IEnumerable<JsonElement> Tracks(JsonElement searchResult) => searchResult.GetProperty("tracks").EnumerateArray();

    protected static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    /// <summary>
    /// Waits until <paramref name="wait"/> has really passed on the monotonic clock since the 429 arrived.
    /// Task.Delay alone may wake a few milliseconds early (coarse timer ticks), which is not "waiting Retry-After".
    /// </summary>
    protected static async Task WaitAtLeastAsync(Stopwatch since, TimeSpan wait)
    {
        await Task.Delay(wait);
        while (since.Elapsed < wait)
        {
            await Task.Delay(5);
        }
    }
}
