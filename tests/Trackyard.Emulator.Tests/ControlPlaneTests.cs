using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;

namespace Trackyard.Emulator.Tests;

public sealed class ControlPlaneTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Reset_restores_credits_counters_usage_keys_faults_and_the_log()
    {
        using (await SearchAsync(Free, new { query = "jazz" }))
        {
        }

        await AddKeyAsync("test_key_temporary");
        await AddFaultAsync(new { path = "/me", status = 503 });
        Assert.NotEmpty(await LogAsync());

        using (var reset = await Http.PostAsync("_emulator/reset", null))
        {
            Assert.Equal(HttpStatusCode.NoContent, reset.StatusCode);
        }

        Assert.Empty(await LogAsync());
        Assert.Equal(JsonValueKind.Array, (await GetControlAsync("faults")).ValueKind);
        Assert.Equal(0, (await GetControlAsync("faults")).GetArrayLength());
        using var me = await GetAsync("/me", Free);
        Assert.Equal(HttpStatusCode.OK, me.StatusCode);
        Assert.Equal(50, HeaderNumber(me, "X-Credits-Remaining"));
        Assert.Equal(4, HeaderNumber(me, "X-RateLimit-Remaining"));
        using var usage = await GetAsync("/usage", Free);
        Assert.Equal(1, (await ReadJsonAsync(usage)).GetProperty("total_count").GetInt32());
        using var gone = await GetAsync("/me", "test_key_temporary");
        Assert.Equal(HttpStatusCode.Unauthorized, gone.StatusCode);
    }

    [Fact]
    public async Task Keys_can_be_added_with_limits_scopes_and_unlimited_values()
    {
        var created = await AddKeyAsync("test_key_custom", credits: 7, perMinute: 30, perDay: null, scopes: ["download"], tier: "starter");
        Assert.Equal("stom", created.GetProperty("key_suffix").GetString());
        Assert.DoesNotContain("test_key_custom", created.ToString());
        Assert.Equal(JsonValueKind.Null, created.GetProperty("per_day").ValueKind);

        using var me = await GetAsync("/me", "test_key_custom");
        var json = await ReadJsonAsync(me);
        Assert.Equal("starter", json.GetProperty("tier").GetString());
        Assert.Equal(7, json.GetProperty("credits_remaining").GetInt64());
        Assert.Equal(30, json.GetProperty("rate_limit").GetProperty("requests_per_minute").GetInt32());
        Assert.Equal(JsonValueKind.Null, json.GetProperty("rate_limit").GetProperty("requests_per_day").ValueKind);
        Assert.Null(Header(me, "X-RateLimit-Limit-Daily"));

        using var search = await SearchAsync("test_key_custom", new { query = "jazz" });
        await AssertErrorAsync(search, 403, "forbidden");
        using var download = await PostAsync("/download-track", "test_key_custom", new { track_id = Catalog.LongTrackId, duration_seconds = 10 });
        Assert.Equal(HttpStatusCode.OK, download.StatusCode);
    }

    [Fact]
    public async Task Keys_default_to_unlimited_with_both_scopes_and_replacing_a_key_starts_it_over()
    {
        await ControlAsync("keys", new { key = "test_key_defaults" });
        using (var me = await GetAsync("/me", "test_key_defaults"))
        {
            var json = await ReadJsonAsync(me);
            Assert.Equal(JsonValueKind.Null, json.GetProperty("credits_remaining").ValueKind);
            Assert.Equal("pro", json.GetProperty("tier").GetString());
        }

        using (var search = await SearchAsync("test_key_defaults", new { query = "jazz" }))
        {
            Assert.Equal(HttpStatusCode.OK, search.StatusCode);
        }

        await ControlAsync("keys", new { key = Free, tier = "free", credits = 1, per_minute = 5, per_day = 50 });
        using (var one = await SearchAsync(Free, new { query = "jazz" }))
        {
            Assert.Equal(0, HeaderNumber(one, "X-Credits-Remaining"));
        }

        await ControlAsync("keys", new { key = "test_key_revoked", revoked = true });
        using var revoked = await GetAsync("/me", "test_key_revoked");
        await AssertErrorAsync(revoked, 401, "unauthorized");
    }

    [Theory]
    [InlineData("""{"tier":"pro"}""")]
    [InlineData("""{"key":""}""")]
    [InlineData("""{"key":"has space"}""")]
    [InlineData("""{"key":"k1234567","credits":-1}""")]
    [InlineData("""{"key":"k1234567","per_minute":0}""")]
    [InlineData("""{"key":"k1234567","per_day":"10"}""")]
    [InlineData("""{"key":"k1234567","scopes":["admin"]}""")]
    [InlineData("""{"key":"k1234567","scopes":"search"}""")]
    public async Task Invalid_keys_are_400(string body)
    {
        using var response = await Http.PostAsync("_emulator/keys", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, 400, "invalid_parameters");
    }

    [Fact]
    public async Task Json_fault_replaces_the_answer_with_the_standard_error_body_once()
    {
        var created = await AddFaultAsync(new { path = "/search", status = 500 });
        Assert.Equal(1, created.GetProperty("times").GetInt32());
        Assert.Equal("json", created.GetProperty("body").GetString());

        using var faulted = await SearchAsync(Free, new { query = "jazz" });
        await AssertErrorAsync(faulted, 500, "internal_error", "Internal Server Error");
        Assert.Equal(50, HeaderNumber(faulted, "X-Credits-Remaining"));
        Assert.Equal(5, HeaderNumber(faulted, "X-RateLimit-Remaining"));

        using var normal = await SearchAsync(Free, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
        Assert.Equal(4, HeaderNumber(normal, "X-RateLimit-Remaining"));

        using var usage = await GetAsync("/usage", Free);
        var statuses = (await ReadJsonAsync(usage)).GetProperty("usage").EnumerateArray().Select(r => r.GetProperty("status_code").GetInt32());
        Assert.Equal([200, 500], statuses);
    }

    [Theory]
    [InlineData(402, "out_of_credits", "Out of credits")]
    [InlineData(403, "forbidden", "Forbidden")]
    [InlineData(404, "not_found", "Not Found")]
    [InlineData(429, "rate_limited", "Too Many Requests")]
    [InlineData(503, "internal_error", "Service Unavailable")]
    public async Task Json_faults_use_the_title_and_code_of_their_status(int status, string code, string title)
    {
        await AddFaultAsync(new { path = "/me", status });
        using var response = await GetAsync("/me", Pro);
        await AssertErrorAsync(response, status, code, title);
    }

    [Fact]
    public async Task Fault_headers_are_sent_and_override_the_rate_headers()
    {
        await AddFaultAsync(new
        {
            path = "/search",
            status = 429,
            headers = new Dictionary<string, string> { ["Retry-After"] = "1", ["X-RateLimit-Remaining"] = "0", ["X-Custom"] = "yes" },
        });
        using var response = await SearchAsync(Free, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
        Assert.Equal("1", Header(response, "Retry-After"));
        Assert.Equal("0", Header(response, "X-RateLimit-Remaining"));
        Assert.Equal("yes", Header(response, "X-Custom"));
        Assert.Equal("50", Header(response, "X-Credits-Remaining"));
    }

    [Fact]
    public async Task Redirect_faults_send_their_location()
    {
        await AddFaultAsync(new { path = "/me", status = 307, body = "empty", headers = new { Location = "https://example.invalid/elsewhere" } });
        using var client = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Fixture.Server.BaseAddress };
        using var response = await GetWithClientAsync(client, "/me", Pro);
        Assert.Equal(HttpStatusCode.TemporaryRedirect, response.StatusCode);
        Assert.Equal("https://example.invalid/elsewhere", response.Headers.Location?.ToString());
    }

    [Fact]
    public async Task Html_empty_invalid_json_and_literal_bodies()
    {
        await AddFaultAsync(new { path = "/me", status = 502, body = "html" });
        await AddFaultAsync(new { path = "/me", status = 503, body = "empty" });
        await AddFaultAsync(new { path = "/me", status = 500, body = "invalid-json" });
        await AddFaultAsync(new { path = "/me", status = 418, body_text = "I'm a teapot", content_type = "text/plain" });

        using (var html = await GetAsync("/me", Pro))
        {
            Assert.Equal(HttpStatusCode.BadGateway, html.StatusCode);
            Assert.Equal("text/html", html.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("<!DOCTYPE html>", await html.Content.ReadAsStringAsync());
        }

        using (var empty = await GetAsync("/me", Pro))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, empty.StatusCode);
            Assert.Equal(0, empty.Content.Headers.ContentLength);
            Assert.Empty(await empty.Content.ReadAsByteArrayAsync());
        }

        using (var invalid = await GetAsync("/me", Pro))
        {
            Assert.Equal(HttpStatusCode.InternalServerError, invalid.StatusCode);
            Assert.Equal("application/json", invalid.Content.Headers.ContentType?.MediaType);
            var text = await invalid.Content.ReadAsStringAsync();
            Assert.ThrowsAny<JsonException>(() => JsonDocument.Parse(text));
        }

        using (var literal = await GetAsync("/me", Pro))
        {
            Assert.Equal((HttpStatusCode)418, literal.StatusCode);
            Assert.Equal("text/plain", literal.Content.Headers.ContentType?.MediaType);
            Assert.Equal("I'm a teapot", await literal.Content.ReadAsStringAsync());
        }

        using var normal = await GetAsync("/me", Pro);
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);
    }

    [Fact]
    public async Task Truncated_body_and_abort_break_the_client_read()
    {
        await AddFaultAsync(new { path = "/search", status = 200, body = "truncated" });
        await AddFaultAsync(new { path = "/search", status = 200, abort = true });
        await AddFaultAsync(new { path = "/download-track", status = 200, abort = true, content_type = "audio/mpeg" });

        await AssertBrokenAsync(() => SearchAsync(Pro, new { query = "jazz" }));
        await AssertBrokenAsync(() => SearchAsync(Pro, new { query = "jazz" }));
        await AssertBrokenAsync(() => PostAsync("/download-track", Pro, new { track_id = Catalog.LongTrackId }));

        using var normal = await SearchAsync(Pro, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.OK, normal.StatusCode);

        var log = await LogAsync();
        Assert.Equal([200, 200, 200, 200], log.Select(e => e.GetProperty("status").GetInt32()));
    }

    [Theory]
    [InlineData("truncated", false)]
    [InlineData("json", true)]
    public async Task Truncated_and_abort_send_the_status_and_headers_before_the_cut(string body, bool abort)
    {
        await AddFaultAsync(new { path = "/me", status = 404, body, abort, headers = new Dictionary<string, string> { ["X-Probe"] = "cut" } });
        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/me");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", Pro);

        using var response = await Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("cut", Header(response, "X-Probe"));
        var error = await Record.ExceptionAsync(() => response.Content.ReadAsByteArrayAsync());
        Assert.True(error is HttpRequestException or IOException, $"expected a broken body, got {error?.GetType().Name ?? "none"}");
    }

    [Fact]
    public async Task Delay_holds_the_answer_back()
    {
        await AddFaultAsync(new { path = "/me", status = 200, body = "empty", delay_ms = 400 });
        var watch = Stopwatch.StartNew();
        using var response = await GetAsync("/me", Pro);
        Assert.True(watch.ElapsedMilliseconds >= 350, $"{watch.ElapsedMilliseconds} ms");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_client_that_gives_up_during_a_delay_leaves_the_server_healthy()
    {
        await AddFaultAsync(new { path = "/me", status = 500, delay_ms = 60_000 });
        using var impatient = new HttpClient { BaseAddress = Fixture.Server.BaseAddress, Timeout = TimeSpan.FromMilliseconds(200) };
        await Assert.ThrowsAnyAsync<TaskCanceledException>(() => GetWithClientAsync(impatient, "/me", Pro));
        using var response = await GetAsync("/me", Pro);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Faults_queue_in_order_per_path_and_times_repeats_one()
    {
        var first = await AddFaultAsync(new { path = "/me", status = 503, times = 2 });
        var second = await AddFaultAsync(new { path = "/me", status = 500 });
        await AddFaultAsync(new { path = "/usage", status = 502 });
        Assert.Equal(2, first.GetProperty("pending_for_path").GetInt32());
        Assert.Equal(3, second.GetProperty("pending_for_path").GetInt32());

        var pending = await GetControlAsync("faults");
        Assert.Equal(3, pending.GetArrayLength());

        var statuses = new List<int>();
        for (var i = 0; i < 4; i++)
        {
            using var response = await GetAsync("/me", Pro);
            statuses.Add((int)response.StatusCode);
        }

        Assert.Equal([503, 503, 500, 200], statuses);
        using var usage = await GetAsync("/usage", Pro);
        Assert.Equal(HttpStatusCode.BadGateway, usage.StatusCode);

        await AddFaultAsync(new { path = "/download-track", status = 500 });
        using (var clear = await Http.DeleteAsync("_emulator/faults"))
        {
            Assert.Equal(HttpStatusCode.NoContent, clear.StatusCode);
        }

        Assert.Equal(0, (await GetControlAsync("faults")).GetArrayLength());
    }

    [Fact]
    public async Task Faults_apply_after_authentication()
    {
        await AddFaultAsync(new { path = "/me", status = 500 });
        using (var unauthorized = await GetAsync("/me", null))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        using var faulted = await GetAsync("/me", Pro);
        Assert.Equal(HttpStatusCode.InternalServerError, faulted.StatusCode);
    }

    [Fact]
    public async Task Faults_answer_even_when_the_key_is_rate_limited()
    {
        await AddKeyAsync("test_key_one_call", perMinute: 1);
        using (await GetAsync("/me", "test_key_one_call"))
        {
        }

        await AddFaultAsync(new { path = "/me", status = 503 });
        using var faulted = await GetAsync("/me", "test_key_one_call");
        Assert.Equal(HttpStatusCode.ServiceUnavailable, faulted.StatusCode);
        using var limited = await GetAsync("/me", "test_key_one_call");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
    }

    [Theory]
    [InlineData("""{"status":500}""")]
    [InlineData("""{"path":"/previews/x.mp3"}""")]
    [InlineData("""{"path":"search"}""")]
    [InlineData("""{"path":"/me","times":0}""")]
    [InlineData("""{"path":"/me","status":99}""")]
    [InlineData("""{"path":"/me","status":600}""")]
    [InlineData("""{"path":"/me","body":"xml"}""")]
    [InlineData("""{"path":"/me","delay_ms":-5}""")]
    [InlineData("""{"path":"/me","headers":["a"]}""")]
    [InlineData("""{"path":"/me","abort":"yes"}""")]
    [InlineData("""{"path":"/me","reason":""}""")]
    [InlineData("""{"path":"/me","reason":"Bad\r\nX-Injected: yes"}""")]
    [InlineData("""{"path":"/me","reason":"Caf\u00e9"}""")]
    [InlineData("""{"path":"/me","gzip_expand_bytes":0}""")]
    [InlineData("""{"path":"/me","gzip_content_length":true}""")]
    [InlineData("""{"path":"/me","header_bytes":0}""")]
    [InlineData("""{"path":"/me","header_bytes":16777217}""")]
    [InlineData("""{"path":"/me","abort_before_headers":1}""")]
    public async Task Invalid_faults_are_400(string body)
    {
        using var response = await Http.PostAsync("_emulator/faults", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, 400, "invalid_parameters");
    }

    [Fact]
    public async Task Control_plane_rejects_bodies_that_are_not_json()
    {
        using var response = await Http.PostAsync("_emulator/faults", new StringContent("path=/me", System.Text.Encoding.UTF8, "application/json"));
        await AssertErrorAsync(response, 400, "invalid_json");
    }

    [Fact]
    public async Task Request_log_records_every_api_request_oldest_first_without_whole_keys()
    {
        using (var request = new HttpRequestMessage(HttpMethod.Get, Api + "/me") { Headers = { Authorization = new("Bearer", Starter) } })
        {
            request.Headers.UserAgent.ParseAdd("TrackyardTests/1.0");
            using var _ = await Http.SendAsync(request);
        }

        using (await SearchAsync("trackyard_live_secretvalue1234", new { query = "jazz" }))
        using (await GetAsync("/me", null))
        using (await GetAsync("/nope", "abc"))
        using (await GetAsync("/usage", Starter))
        {
        }

        using var raw = await Http.GetAsync("_emulator/requests");
        var text = await raw.Content.ReadAsStringAsync();
        Assert.DoesNotContain(Starter, text);
        Assert.DoesNotContain("secretvalue", text);

        var log = await LogAsync();
        Assert.Equal(5, log.Count);
        Assert.Equal(["GET /me 200 rter", "POST /search 401 1234", "GET /me 401 ", "GET /nope 404 ", "GET /usage 200 rter"],
            log.Select(e => $"{e.GetProperty("method").GetString()} {e.GetProperty("path").GetString()} {e.GetProperty("status").GetInt32()} {e.GetProperty("key_suffix").GetString()}"));
        Assert.Equal("TrackyardTests/1.0", log[0].GetProperty("user_agent").GetString());
        Assert.Equal(JsonValueKind.Null, log[1].GetProperty("user_agent").ValueKind);
        Assert.Equal(JsonValueKind.Null, log[2].GetProperty("key_suffix").ValueKind);
        Assert.All(log, e => Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", e.GetProperty("time").GetString()));
        Assert.Equal([true, true, false, true, true], log.Select(e => e.GetProperty("has_authorization").GetBoolean()));
        Assert.All(log, e => Assert.Equal(7, e.EnumerateObject().Count()));
    }

    [Fact]
    public async Task Control_plane_calls_are_not_logged_counted_or_charged()
    {
        await AddFaultAsync(new { path = "/me", status = 500 });
        await Http.DeleteAsync("_emulator/faults");
        await GetControlAsync("requests");
        await GetControlAsync("info");
        Assert.Empty(await LogAsync());
        using var me = await GetAsync("/me", Free);
        Assert.Equal(4, HeaderNumber(me, "X-RateLimit-Remaining"));
    }

    [Fact]
    public async Task Info_lists_the_options_and_the_special_track_ids()
    {
        var info = await GetControlAsync("info");
        Assert.Equal(EmulatorOptions.DefaultSeed, info.GetProperty("seed").GetInt32());
        Assert.Equal(5000, info.GetProperty("catalog_size").GetInt32());
        Assert.Equal(60, info.GetProperty("minute_seconds").GetDouble());
        Assert.Equal("default", info.GetProperty("profile").GetString());
        Assert.Equal(JsonValueKind.Null, info.GetProperty("preview_base_uri").ValueKind);
        Assert.Equal(Catalog.LongTrackId, info.GetProperty("long_track_id").GetString());
        Assert.Equal(9, info.GetProperty("hostile_tracks").GetArrayLength());
        Assert.Equal("Café Noir — Ünïcode", info.GetProperty("hostile_tracks")[5].GetProperty("title").GetString());
    }

    private async Task<JsonElement> GetControlAsync(string path)
    {
        using var response = await Http.GetAsync("_emulator/" + path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }

    private async Task<List<JsonElement>> LogAsync() => (await GetControlAsync("requests")).EnumerateArray().ToList();

    private static Task<HttpResponseMessage> GetWithClientAsync(HttpClient client, string path, string key)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, Api + path) { Headers = { Authorization = new("Bearer", key) } };
        return client.SendAsync(request);
    }

    private static async Task AssertBrokenAsync(Func<Task<HttpResponseMessage>> send)
    {
        var error = await Record.ExceptionAsync(async () =>
        {
            using var response = await send();
            await response.Content.ReadAsByteArrayAsync();
        });
        Assert.True(error is HttpRequestException or IOException, $"expected a broken response, got {error?.GetType().Name ?? "none"}");
    }
}
