using System.Net;
using System.Net.Http.Headers;

namespace Trackyard.Emulator.Tests;

public sealed class AuthAndMeTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    private static readonly string[] RateHeaderNames =
        ["X-RateLimit-Limit", "X-RateLimit-Remaining", "X-RateLimit-Limit-Daily", "X-RateLimit-Remaining-Daily", "X-Credits-Remaining", "RateLimit-Reset"];

    [Theory]
    [InlineData(Free, "free", 50, 5, 50)]
    [InlineData(Starter, "starter", 300, 10, 500)]
    [InlineData(Pro, "pro", 50000, 300, null)]
    [InlineData(Unlimited, "pro", null, null, null)]
    [InlineData(NoCredits, "starter", 0, 10, 500)]
    [InlineData(SearchOnly, "starter", 300, 10, 500)]
    public async Task Me_returns_the_account_of_each_built_in_key(string key, string tier, int? credits, int? perMinute, int? perDay)
    {
        using var response = await GetAsync("/me", key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var me = await ReadJsonAsync(response);
        Assert.Equal(tier, me.GetProperty("tier").GetString());
        AssertNumberOrNull(credits, me.GetProperty("credits_remaining"));
        AssertNumberOrNull(credits, me.GetProperty("monthly_allowance"));
        AssertNumberOrNull(perMinute, me.GetProperty("rate_limit").GetProperty("requests_per_minute"));
        AssertNumberOrNull(perDay, me.GetProperty("rate_limit").GetProperty("requests_per_day"));
        Assert.Equal("2026-01-01T00:00:00.000Z", me.GetProperty("created_at").GetString());
        Assert.Equal(System.Text.Json.JsonValueKind.Null, me.GetProperty("last_used_at").ValueKind);

        // Headers: present with the numbers, omitted where unlimited; /me is free.
        Assert.Equal(perMinute, (int?)HeaderNumber(response, "X-RateLimit-Limit"));
        Assert.Equal(perMinute - 1, (int?)HeaderNumber(response, "X-RateLimit-Remaining"));
        Assert.Equal(perDay, (int?)HeaderNumber(response, "X-RateLimit-Limit-Daily"));
        Assert.Equal(perDay - 1, (int?)HeaderNumber(response, "X-RateLimit-Remaining-Daily"));
        Assert.Equal(credits, HeaderNumber(response, "X-Credits-Remaining"));
        Assert.Equal(perMinute is null ? null : 60, HeaderNumber(response, "RateLimit-Reset"));
        Assert.Matches("^req_[0-9a-f]{16}$", Header(response, "X-Request-Id"));
    }

    [Fact]
    public async Task Me_reports_the_previous_call_as_last_used_at()
    {
        using (await GetAsync("/me", Free))
        {
        }

        using var response = await GetAsync("/me", Free);
        var lastUsed = (await ReadJsonAsync(response)).GetProperty("last_used_at").GetString();
        Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", lastUsed);
        var time = DateTimeOffset.Parse(lastUsed!, System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(DateTimeOffset.UtcNow - time, TimeSpan.Zero, TimeSpan.FromMinutes(1));
    }

    public static TheoryData<string, string?> BadAuthorization => new()
    {
        { "/me", null },
        { "/me", "Basic dXNlcjpwYXNz" },
        { "/me", "Bearer" },
        { "/me", "Bearer " },
        { "/me", "Bearer two words" },
        { "/me", "trackyard_test_free" },
        { "/me", "Bearer trackyard_live_unknownkey" },
        { "/me", "Bearer " + Revoked },
        { "/usage", "Bearer " + Revoked },
        { "/search", "Bearer " + Revoked },
        { "/download-track", "Bearer " + Revoked },
        { "/search", null },
    };

    [Theory]
    [MemberData(nameof(BadAuthorization))]
    public async Task Missing_malformed_unknown_or_revoked_keys_get_401_without_rate_headers(string path, string? authorization)
    {
        var method = path is "/me" or "/usage" ? HttpMethod.Get : HttpMethod.Post;
        using var request = new HttpRequestMessage(method, Api + path);
        if (authorization is not null)
        {
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
        }

        if (method == HttpMethod.Post)
        {
            request.Content = new StringContent("{\"query\":\"jazz\",\"track_id\":\"x\"}", System.Text.Encoding.UTF8, "application/json");
        }

        using var response = await Http.SendAsync(request);
        var body = await AssertErrorAsync(response, 401, "unauthorized", "Unauthorized");
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        foreach (var name in RateHeaderNames)
        {
            Assert.Null(Header(response, name));
        }

        Assert.Equal(4, body.EnumerateObject().Count());
    }

    [Fact]
    public async Task Bearer_scheme_is_case_insensitive()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, Api + "/me");
        request.Headers.TryAddWithoutValidation("Authorization", "bearer " + Free);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("GET", "/search")]
    [InlineData("POST", "/me")]
    [InlineData("GET", "/nothing-here")]
    [InlineData("GET", "")]
    [InlineData("GET", "/search/")]
    public async Task Unknown_endpoints_are_404_not_found(string method, string path)
    {
        using var response = await SendAsync(new HttpMethod(method), path, Free);
        await AssertErrorAsync(response, 404, "not_found", "Not Found");
    }

    [Fact]
    public async Task Paths_outside_the_api_are_404_json_with_a_request_id()
    {
        using var response = await Http.GetAsync("elsewhere");
        await AssertErrorAsync(response, 404, "not_found");
    }

    [Fact]
    public async Task Every_api_response_has_a_fresh_request_id()
    {
        using var first = await GetAsync("/me", Free);
        using var second = await GetAsync("/me", Free);
        Assert.NotEqual(Header(first, "X-Request-Id"), Header(second, "X-Request-Id"));
    }

    [Fact]
    public async Task Unauthorized_requests_never_charge_or_count()
    {
        for (var i = 0; i < 6; i++)
        {
            using var response = await SearchAsync("trackyard_test_fre", new { query = "jazz" });
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        using var me = await GetAsync("/me", Free);
        Assert.Equal(4, HeaderNumber(me, "X-RateLimit-Remaining"));
        Assert.Equal(50, HeaderNumber(me, "X-Credits-Remaining"));
    }

    [Fact]
    public async Task Http_client_default_authorization_works()
    {
        using var client = new HttpClient { BaseAddress = Fixture.Server.BaseAddress };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", Starter);
        using var response = await client.GetAsync(Api + "/me");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    private static void AssertNumberOrNull(long? expected, System.Text.Json.JsonElement actual)
    {
        if (expected is null)
        {
            Assert.Equal(System.Text.Json.JsonValueKind.Null, actual.ValueKind);
        }
        else
        {
            Assert.Equal(expected, actual.GetInt64());
        }
    }
}
