using System.Text;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public class ErrorBodyTests
{
    private static ErrorBody Parse(string body) => ErrorBody.Parse(Encoding.UTF8.GetBytes(body), TestClient.Wire);

    [Fact]
    public void Title_and_message()
    {
        var body = Parse("{\"error\": \"Unauthorized\", \"message\": \"Invalid API key\"}");

        Assert.Equal("Unauthorized", body.Error);
        Assert.Equal("Invalid API key", body.Message);
        Assert.Null(body.Code);
    }

    [Fact]
    public void Message_in_error_with_code()
    {
        var body = Parse("{\"error\": \"hit_point_seconds requires duration_seconds\", \"code\": \"invalid_parameters\"}");

        Assert.Equal("hit_point_seconds requires duration_seconds", body.Error);
        Assert.Null(body.Message);
        Assert.Equal("invalid_parameters", body.Code);
    }

    [Fact]
    public void Superset_with_request_id_and_retry_after()
    {
        var body = Parse("{\"error\":\"Too Many Requests\",\"message\":\"Rate limit exceeded\",\"code\":\"rate_limited\",\"request_id\":\"req_9\",\"retry_after\":42,\"extra\":[1]}");

        Assert.Equal("Rate limit exceeded", body.Message);
        Assert.Equal("rate_limited", body.Code);
        Assert.Equal("req_9", body.RequestId);
        Assert.Equal(TimeSpan.FromSeconds(42), body.RetryAfter);
    }

    [Theory]
    [InlineData("")]
    [InlineData("<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>")]
    [InlineData("{\"error\": \"Unauth")]
    [InlineData("[\"error\"]")]
    [InlineData("\"just a string\"")]
    [InlineData("{\"error\": 42, \"message\": {\"text\": \"x\"}, \"code\": null, \"retry_after\": \"soon\"}")]
    public void Unreadable_or_odd_bodies_give_nothing_and_never_throw(string text)
    {
        var body = Parse(text);

        Assert.Null(body.Error);
        Assert.Null(body.Message);
        Assert.Null(body.Code);
        Assert.Null(body.RetryAfter);
    }

    [Fact]
    public void Control_characters_are_removed_and_length_is_capped()
    {
        var body = Parse("{\"message\":\"bad\\u001b[31m red\\r\\nline " + new string('x', 5000) + "\"}");

        Assert.DoesNotContain('\u001b', body.Message!);
        Assert.DoesNotContain('\n', body.Message!);
        Assert.True(body.Message!.Length <= 1001);
    }
}
