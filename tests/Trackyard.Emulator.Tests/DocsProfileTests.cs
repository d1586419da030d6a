using System.Net;
using System.Text.Json;

namespace Trackyard.Emulator.Tests;

/// <summary>An emulator with <c>--profile docs</c>.</summary>
public sealed class DocsProfileFixture : EmulatorFixture
{
    protected override string[] Args => ["--profile", "docs"];
}

/// <summary>
/// <c>--profile docs</c> sends only what the public docs promise: the documented rate-limit and credit headers,
/// Retry-After on 429, and error bodies shaped exactly as the error-code page shows them.
/// </summary>
public sealed class DocsProfileTests(DocsProfileFixture fixture) : EmulatorTestBase(fixture), IClassFixture<DocsProfileFixture>
{
    /// <summary>The API's documented headers, and what HTTP itself needs to carry a body.</summary>
    private static readonly HashSet<string> AllowedHeaders = new(StringComparer.OrdinalIgnoreCase)
    {
        "X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Limit-Daily", "X-RateLimit-Remaining-Daily",
        "X-Credits-Remaining", "Retry-After",
        "Date", "Content-Type", "Content-Length", "Content-Disposition", "Transfer-Encoding",
    };

    [Fact]
    public async Task A_search_carries_the_documented_headers_and_nothing_else()
    {
        using var response = await SearchAsync(Starter, new { query = "moody piano for a rainy scene" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertOnlyDocumentedHeaders(response);
        Assert.Equal(10, HeaderNumber(response, "X-RateLimit-Limit"));
        Assert.Equal(9, HeaderNumber(response, "X-RateLimit-Remaining"));
        Assert.Equal(500, HeaderNumber(response, "X-RateLimit-Limit-Daily"));
        Assert.Equal(499, HeaderNumber(response, "X-RateLimit-Remaining-Daily"));
        Assert.Equal(299, HeaderNumber(response, "X-Credits-Remaining"));
        Assert.Equal(20, (await ReadJsonAsync(response)).GetProperty("tracks").GetArrayLength());
    }

    [Fact]
    public async Task A_download_carries_the_documented_headers_and_nothing_else()
    {
        using var response = await PostAsync("/download-track", Starter, new { track_id = Catalog.HostileTitles[2].Id, duration_seconds = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertOnlyDocumentedHeaders(response);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(Header(response, "Content-Disposition"));
    }

    [Fact]
    public async Task A_401_is_the_docs_body_without_www_authenticate_or_request_id()
    {
        using var response = await GetAsync("/me", "trackyard_live_unknown0000");
        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        AssertOnlyDocumentedHeaders(response);
        Assert.Null(Header(response, "WWW-Authenticate"));
        Assert.Equal("""{"error":"Unauthorized","message":"Invalid API key"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_400_is_the_docs_body_error_and_code()
    {
        using var response = await PostAsync("/download-track", Starter, new { track_id = Catalog.LongTrackId, hit_point_seconds = 5 });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        AssertOnlyDocumentedHeaders(response);
        Assert.Equal("""{"error":"hit_point_seconds requires duration_seconds","code":"invalid_parameters"}""", await response.Content.ReadAsStringAsync());

        using var notJson = await SendAsync(HttpMethod.Post, "/search", Starter, "{");
        AssertKeys(await ReadJsonAsync(notJson), "error", "code");
    }

    [Theory]
    [InlineData(NoCredits, "/search", 402, """{"error":"Out of credits","message":"Please top up or upgrade your plan"}""")]
    [InlineData(SearchOnly, "/download-track", 403, null)]
    [InlineData(Starter, "/download-track", 404, """{"error":"Not Found","message":"Track not found"}""")]
    public async Task Other_errors_are_error_and_message_only(string key, string path, int status, string? exactBody)
    {
        object body = path == "/search" ? new { query = "jazz" } : new { track_id = "NoSuchTrack000000000000000" };
        using var response = await PostAsync(path, key, body);
        Assert.Equal(status, (int)response.StatusCode);
        AssertOnlyDocumentedHeaders(response);
        var json = await ReadJsonAsync(response);
        AssertKeys(json, "error", "message");
        if (exactBody is not null)
        {
            Assert.Equal(exactBody, json.GetRawText());
        }
    }

    [Fact]
    public async Task A_429_has_retry_after_and_remaining_0_but_no_retry_after_field_or_reset_header()
    {
        await AddKeyAsync("test_key_docs_tight", perMinute: 1);
        using (var first = await GetAsync("/me", "test_key_docs_tight"))
        {
            Assert.Equal(HttpStatusCode.OK, first.StatusCode);
            Assert.Equal(0, HeaderNumber(first, "X-RateLimit-Remaining"));
            Assert.Null(Header(first, "RateLimit-Reset"));
        }

        using var limited = await GetAsync("/me", "test_key_docs_tight");
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        AssertOnlyDocumentedHeaders(limited);
        Assert.InRange(HeaderNumber(limited, "Retry-After")!.Value, 1, 60);
        Assert.Equal(0, HeaderNumber(limited, "X-RateLimit-Remaining"));
        Assert.Equal("""{"error":"Too Many Requests","message":"Rate limit exceeded; retry in """ + Header(limited, "Retry-After") + """ s"}""", await limited.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_json_fault_uses_the_docs_body_of_its_status()
    {
        await AddFaultAsync(new { path = "/search", status = 500 });
        using var response = await SearchAsync(Starter, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        AssertOnlyDocumentedHeaders(response);
        Assert.Equal("""{"error":"Internal Server Error","message":"An unexpected error occurred"}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Info_names_the_profile()
    {
        using var response = await Http.GetAsync("_emulator/info");
        Assert.Equal("docs", (await ReadJsonAsync(response)).GetProperty("profile").GetString());
    }

    private static void AssertOnlyDocumentedHeaders(HttpResponseMessage response)
    {
        var names = response.Headers.Select(h => h.Key).Concat(response.Content.Headers.Select(h => h.Key)).ToList();
        Assert.All(names, name => Assert.Contains(name, AllowedHeaders));
        Assert.DoesNotContain(names, n => n.Equals("X-Request-Id", StringComparison.OrdinalIgnoreCase) || n.Equals("Server", StringComparison.OrdinalIgnoreCase));
    }

    private static void AssertKeys(JsonElement json, params string[] keys) =>
        Assert.Equal(keys, json.EnumerateObject().Select(p => p.Name));
}

/// <summary>The default profile keeps its conveniences (the docs profile's counterpart, so a change to one shows).</summary>
public sealed class DefaultProfileConvenienceTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Default_errors_carry_code_request_id_retry_after_and_the_extra_headers()
    {
        await AddKeyAsync("test_key_default_tight", perMinute: 1);
        using (var first = await GetAsync("/me", "test_key_default_tight"))
        {
            Assert.Equal(60, HeaderNumber(first, "RateLimit-Reset"));
            Assert.Equal("Kestrel", first.Headers.Server.ToString());
        }

        using var limited = await GetAsync("/me", "test_key_default_tight");
        var json = await AssertErrorAsync(limited, 429, "rate_limited", "Too Many Requests");
        Assert.Equal(HeaderNumber(limited, "Retry-After"), json.GetProperty("retry_after").GetInt64());

        using var unauthorized = await GetAsync("/me", "trackyard_live_unknown0000");
        await AssertErrorAsync(unauthorized, 401, "unauthorized");
        Assert.Equal("Bearer", unauthorized.Headers.WwwAuthenticate.ToString());
    }
}
