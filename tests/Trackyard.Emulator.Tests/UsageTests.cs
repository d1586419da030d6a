using System.Net;
using System.Text.Json;

namespace Trackyard.Emulator.Tests;

public sealed class UsageTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    [Fact]
    public async Task Usage_lists_every_call_newest_first_with_status_and_credits()
    {
        using (await SearchAsync(Starter, new { query = "jazz" }))
        using (await SendAsync(HttpMethod.Post, "/search", Starter, "{}"))
        using (await PostAsync("/download-track", Starter, new { track_id = "HostileTitle000000000000003", duration_seconds = 10 }))
        using (await PostAsync("/download-track", Starter, new { track_id = "nope" }))
        using (await GetAsync("/me", Starter))
        using (await GetAsync("/me", Free))
        {
        }

        using var response = await GetAsync("/usage", Starter);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal(5, json.GetProperty("total_count").GetInt32());
        Assert.Equal(0, json.GetProperty("offset").GetInt32());
        Assert.Equal(50, json.GetProperty("limit").GetInt32());
        var records = json.GetProperty("usage").EnumerateArray().ToList();
        Assert.Equal(
            ["/me 200 0", "/download-track 404 0", "/download-track 200 1", "/search 400 0", "/search 200 1"],
            records.Select(r => $"{r.GetProperty("endpoint").GetString()} {r.GetProperty("status_code").GetInt32()} {r.GetProperty("credits_consumed").GetInt32()}"));
        var times = records.Select(r => DateTimeOffset.Parse(r.GetProperty("timestamp").GetString()!, System.Globalization.CultureInfo.InvariantCulture)).ToList();
        Assert.Equal(times.OrderDescending(), times);
        Assert.All(records, r =>
        {
            Assert.Matches(@"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$", r.GetProperty("timestamp").GetString());
            Assert.True(r.GetProperty("response_time_ms").GetInt64() >= 0);
        });
    }

    [Fact]
    public async Task Usage_pages_with_limit_and_offset_and_is_not_recorded_itself()
    {
        for (var i = 0; i < 7; i++)
        {
            using (await GetAsync("/me", Pro))
            {
            }
        }

        var all = await UsageAsync("?limit=100");
        Assert.Equal(7, all.GetProperty("total_count").GetInt32());
        var page1 = await UsageAsync("?limit=3");
        var page2 = await UsageAsync("?limit=3&offset=3");
        var page3 = await UsageAsync("?limit=3&offset=6");
        var page4 = await UsageAsync("?offset=50");
        Assert.Equal(3, page1.GetProperty("usage").GetArrayLength());
        Assert.Equal(3, page2.GetProperty("usage").GetArrayLength());
        Assert.Equal(1, page3.GetProperty("usage").GetArrayLength());
        Assert.Equal(0, page4.GetProperty("usage").GetArrayLength());
        Assert.Equal(7, page4.GetProperty("total_count").GetInt32());
        Assert.Equal(3, page2.GetProperty("offset").GetInt32());
        Assert.Equal(3, page2.GetProperty("limit").GetInt32());
        var stitched = page1.GetProperty("usage").EnumerateArray().Concat(page2.GetProperty("usage").EnumerateArray()).Concat(page3.GetProperty("usage").EnumerateArray())
            .Select(r => r.GetProperty("timestamp").GetString()).ToList();
        Assert.Equal(all.GetProperty("usage").EnumerateArray().Select(r => r.GetProperty("timestamp").GetString()), stitched);
    }

    [Theory]
    [InlineData("?limit=0")]
    [InlineData("?limit=101")]
    [InlineData("?limit=abc")]
    [InlineData("?limit=")]
    [InlineData("?offset=-1")]
    [InlineData("?offset=1.5")]
    public async Task Bad_paging_is_400_invalid_parameters(string query)
    {
        using var response = await GetAsync("/usage" + query, Pro);
        await AssertErrorAsync(response, 400, "invalid_parameters");
    }

    [Fact]
    public async Task Usage_is_per_key_and_works_without_credits()
    {
        using (await SearchAsync(NoCredits, new { query = "jazz" }))
        {
        }

        using var response = await GetAsync("/usage", NoCredits);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        var record = json.GetProperty("usage").EnumerateArray().Single();
        Assert.Equal(402, record.GetProperty("status_code").GetInt32());
        Assert.Equal(0, (await UsageAsync("", Free)).GetProperty("total_count").GetInt32());
    }

    [Fact]
    public async Task Unauthorized_calls_are_in_no_key_usage()
    {
        using (await GetAsync("/me", "trackyard_test_freeX"))
        {
        }

        Assert.Equal(0, (await UsageAsync("", Free)).GetProperty("total_count").GetInt32());
    }

    private async Task<JsonElement> UsageAsync(string query, string key = Pro)
    {
        using var response = await GetAsync("/usage" + query, key);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await ReadJsonAsync(response);
    }
}
