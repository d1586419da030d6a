using System.Text;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public class UsageTests
{
    private static byte[] Utf8(string json) => Encoding.UTF8.GetBytes(json);

    [Fact]
    public void Parses_every_field_in_order()
    {
        var page = UsageEndpoint.Parse(Utf8("""
            {"usage":[
              {"timestamp":"2026-01-05T10:00:01.250Z","endpoint":"/download-track","status_code":200,"credits_consumed":1,"response_time_ms":412},
              {"timestamp":"2026-01-05T09:59:00+02:00","endpoint":"/search","status_code":429,"credits_consumed":0,"response_time_ms":3.5,"extra":true}
             ],"total_count":1234,"offset":0,"limit":50}
            """));

        Assert.Equal(1234, page.TotalCount);
        Assert.Equal(2, page.Records.Count);
        var first = page.Records[0];
        Assert.Equal(new DateTimeOffset(2026, 1, 5, 10, 0, 1, 250, TimeSpan.Zero), first.Timestamp);
        Assert.Equal("/download-track", first.Endpoint);
        Assert.Equal(200, first.StatusCode);
        Assert.Equal(1, first.CreditsConsumed);
        Assert.Equal(TimeSpan.FromMilliseconds(412), first.ResponseTime);
        var second = page.Records[1];
        Assert.Equal(TimeSpan.FromHours(2), second.Timestamp.Offset);
        Assert.Equal(429, second.StatusCode);
        Assert.Equal(0, second.CreditsConsumed);
        Assert.Equal(TimeSpan.FromMilliseconds(3.5), second.ResponseTime);
        Assert.Equal("2026-01-05T10:00:01.250Z /download-track 200 (1 credit)", first.ToString());
    }

    [Fact]
    public void Missing_optional_fields_and_nulls_are_tolerated()
    {
        var page = UsageEndpoint.Parse(Utf8("""
            {"usage":[{"timestamp":"2026-01-05T10:00:00Z","endpoint":null}, null]}
            """));

        Assert.Null(page.TotalCount);
        var record = Assert.Single(page.Records);
        Assert.Equal(string.Empty, record.Endpoint);
        Assert.Equal(0, record.StatusCode);
        Assert.Equal(0, record.CreditsConsumed);
        Assert.Equal(TimeSpan.Zero, record.ResponseTime);
    }

    [Fact]
    public void An_empty_page_is_fine()
    {
        var page = UsageEndpoint.Parse(Utf8("""{"usage":[],"total_count":0,"offset":0,"limit":50}"""));
        Assert.Empty(page.Records);
        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public void Control_characters_in_the_endpoint_are_not_passed_to_the_terminal()
    {
        var page = UsageEndpoint.Parse(Utf8("""{"usage":[{"timestamp":"2026-01-05T10:00:00Z","endpoint":"/search\u001b[31m"}]}"""));
        Assert.DoesNotContain('\u001b', page.Records[0].Endpoint);
    }

    [Theory]
    [InlineData("""{"total_count":3}""")]
    [InlineData("""{"usage":null}""")]
    [InlineData("""{"usage":{}}""")]
    [InlineData("""{"usage":[{"endpoint":"/search"}]}""")]
    [InlineData("""{"usage":[{"timestamp":"yesterday"}]}""")]
    [InlineData("""{"usage":[{"timestamp":12345}]}""")]
    [InlineData("""{"usage":[{"timestamp":"2026-01-05T10:00:00Z","status_code":"200"}]}""")]
    [InlineData("""{"usage":[{"timestamp":"2026-01-05T10:00:00Z","credits_consumed":true}]}""")]
    [InlineData("""{"usage":[{"timestamp":"2026-01-05T10:00:00Z","response_time_ms":-1}]}""")]
    [InlineData("""{"usage":[{"timestamp":"2026-01-05T10:00:00Z","endpoint":7}]}""")]
    [InlineData("""{"usage":[],"total_count":"many"}""")]
    [InlineData("""{"usage":[],"total_count":-1}""")]
    [InlineData("""[]""")]
    [InlineData("""<html>502</html>""")]
    [InlineData("")]
    public void Wrong_shapes_and_types_are_InvalidResponse(string body)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => UsageEndpoint.Parse(Utf8(body)));
        Assert.Equal(TrackyardFailureKind.InvalidResponse, ex.Kind);
    }

    [Fact]
    public async Task Get_usage_sends_GET_usage_with_limit_and_offset()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, """{"usage":[],"total_count":0,"offset":200,"limit":100}"""));
        using var client = TestClient.Create(handler);

        await client.GetUsageAsync(200, 100, TestClient.Call(), CancellationToken.None);

        var request = Assert.Single(handler.Requests);
        Assert.Equal(HttpMethod.Get, request.Method);
        Assert.Equal("https://api.trackyard.test/api/external/v1/usage?limit=100&offset=200", request.Uri.AbsoluteUri);
        Assert.Null(request.Body);
    }

    [Fact]
    public void Without_first_the_pager_reads_one_page_of_50()
    {
        var pager = new UsagePager(first: null, skip: 0, all: false);
        Assert.True(pager.TryNextPage(out var offset, out var limit));
        Assert.Equal((0, 50), (offset, limit));
        Assert.Equal(50, pager.Record(limit, 50, 500));
        Assert.False(pager.TryNextPage(out _, out _));
        Assert.False(pager.Unbounded);
    }

    [Fact]
    public void With_first_the_pager_reads_pages_of_100_until_enough()
    {
        var pager = new UsagePager(first: 250, skip: 10, all: false);
        var pages = new List<(int Offset, int Limit)>();
        while (pager.TryNextPage(out var offset, out var limit))
        {
            pages.Add((offset, limit));
            pager.Record(limit, limit, 10_000);
        }

        Assert.Equal(new[] { (10, 100), (110, 100), (210, 50) }, pages);
        Assert.Equal(250, pager.Delivered);
        Assert.Equal(250, pager.Expected);
    }

    [Fact]
    public void All_stops_at_total_count_without_asking_for_an_empty_page()
    {
        var pager = new UsagePager(first: null, skip: 0, all: true);
        var pages = 0;
        while (pager.TryNextPage(out _, out var limit))
        {
            pages++;
            pager.Record(limit, 100, 200);
        }

        Assert.Equal(2, pages);
        Assert.True(pager.Unbounded);
        Assert.Equal(200, pager.Expected);
    }

    [Fact]
    public void A_short_page_ends_the_listing_even_without_total_count()
    {
        var pager = new UsagePager(first: null, skip: 0, all: true);
        Assert.True(pager.TryNextPage(out _, out var limit));
        Assert.Equal(37, pager.Record(limit, 37, totalCount: null));
        Assert.False(pager.TryNextPage(out _, out _));
    }

    [Fact]
    public void A_server_sending_too_many_records_is_cut_to_the_page()
    {
        var pager = new UsagePager(first: 5, skip: 0, all: false);
        Assert.True(pager.TryNextPage(out _, out var limit));
        Assert.Equal(5, limit);
        Assert.Equal(5, pager.Record(limit, 40, 100));
        Assert.False(pager.TryNextPage(out _, out _));
    }

    [Fact]
    public void Expected_is_what_is_left_after_skip()
    {
        var pager = new UsagePager(first: null, skip: 150, all: true);
        pager.TryNextPage(out _, out var limit);
        pager.Record(limit, 50, 200);
        Assert.Equal(50, pager.Expected);
        Assert.False(pager.TryNextPage(out _, out _));
    }

    [Fact]
    public void First_zero_reads_nothing()
    {
        Assert.False(new UsagePager(first: 0, skip: 0, all: false).TryNextPage(out _, out _));
    }
}
