using System.Security;
using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

public class SecretAndInputTests
{
    private static SecureString Secure(string value)
    {
        var secure = new SecureString();
        foreach (var c in value)
        {
            secure.AppendChar(c);
        }

        return secure;
    }

    [Theory]
    [InlineData("", "empty")]
    [InlineData("   ", "blank")]
    [InlineData("trackyard_live_abc\r\nX-Evil: 1", "control character")]
    [InlineData("trackyard_live_abc\n", "control character")]
    [InlineData("trackyard\tlive", "control character")]
    [InlineData("trackyard live", "spaces or non-ASCII")]
    [InlineData("trackyard_live_é", "spaces or non-ASCII")]
    public void Unsafe_keys_are_rejected_before_any_request(string key, string reason)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => ApiKey.FromSecureString(Secure(key)));

        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
        Assert.Contains(reason, ex.Message);
        Assert.Equal(System.Management.Automation.ErrorCategory.InvalidArgument, ErrorTable.ToErrorRecord(ex, null).CategoryInfo.Category);
        if (key.Trim().Length > 4)
        {
            Assert.DoesNotContain(key.Trim(), ex.ToString());
        }
    }

    [Fact]
    public void Key_suffix_shows_only_the_last_four_characters()
    {
        using var key = ApiKey.FromPlainText(TestClient.Key);

        Assert.Equal("…9f2a", key.Suffix);
        Assert.Equal("key …9f2a", key.ToString());
        Assert.Equal("…", ApiKey.FromPlainText("abc123").Suffix);
    }

    [Fact]
    public void Key_is_copied_so_the_callers_SecureString_stays_theirs()
    {
        var original = Secure(TestClient.Key);
        using var key = ApiKey.FromSecureString(original);
        original.Dispose();

        Assert.Equal(TestClient.Key, key.UsePlainText(plain => plain));
    }

    [Theory]
    [InlineData("http://api.trackyard.com/api/external/v1")]
    [InlineData("http://10.0.0.5:8080/")]
    [InlineData("http://localhost.evil.example/")]
    [InlineData("ftp://127.0.0.1/")]
    [InlineData("https://user:pass@api.trackyard.com/")]
    [InlineData("https://api.trackyard.com/v1?x=1")]
    public void Unsafe_base_uris_are_refused(string uri)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => BaseUriPolicy.Normalize(new Uri(uri)));

        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
    }

    [Fact]
    public void Plain_http_to_a_remote_host_explains_the_refusal()
    {
        var ex = Assert.Throws<TrackyardApiException>(() => BaseUriPolicy.Normalize(new Uri("http://api.trackyard.com/api/external/v1")));

        Assert.Contains("unencrypted", ex.Message);
        Assert.Contains("api.trackyard.com", ex.Message);
    }

    [Fact]
    public void Relative_base_uri_is_refused()
    {
        var ex = Assert.Throws<TrackyardApiException>(() => BaseUriPolicy.Normalize(new Uri("/api", UriKind.Relative)));
        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
    }

    [Theory]
    [InlineData("http://127.0.0.1:5000/api/external/v1")]
    [InlineData("http://127.0.0.2:5000/")]
    [InlineData("http://localhost:5000/")]
    [InlineData("http://[::1]:5000/")]
    [InlineData("https://api.trackyard.com/api/external/v1")]
    public void Loopback_http_and_any_https_are_accepted(string uri)
    {
        Assert.Equal(new Uri(uri).Host, BaseUriPolicy.Normalize(new Uri(uri)).Host);
    }

    [Fact]
    public void Default_base_uri_is_the_real_service()
    {
        Assert.Equal("https://api.trackyard.com/api/external/v1", BaseUriPolicy.Normalize(null).AbsoluteUri);
    }

    [Fact]
    public async Task Connection_and_failures_never_show_the_key()
    {
        // A hostile or buggy server echoing the key back must not make it appear in any message.
        var echo = $"{{\"error\":\"Unauthorized\",\"message\":\"Invalid API key {TestClient.Key}\",\"code\":\"{TestClient.Key}\",\"request_id\":\"{TestClient.Key}\"}}";
        var handler = new StubHandler().Respond(() => Responses.Json(401, echo, ("X-Request-Id", TestClient.Key)));
        using var connection = TestClient.Connect(handler);
        var observer = new RecordingObserver();

        var ex = await TestClient.Failure(() => connection.Client.GetAccountAsync(TestClient.Call(observer: observer), CancellationToken.None));
        var record = ErrorTable.ToErrorRecord(ex, connection.BaseUri);

        var everything = string.Join("\n", new[]
        {
            connection.ToString(), connection.KeySuffix, ex.ToString(), ex.Message, ex.ApiMessage, ex.ApiError, ex.ErrorCode, ex.RequestId,
            record.ToString(), record.ErrorDetails.Message, record.ErrorDetails.RecommendedAction,
        }.Concat(observer.Verbose).Concat(observer.Debug));
        Assert.DoesNotContain(TestClient.Key, everything);
        Assert.Contains("Invalid API key [key …9f2a]", ex.ApiMessage);
        Assert.Equal("Trackyard unknown @ https://api.trackyard.test/api/external/v1 (key …9f2a)", connection.ToString());
    }

    [Fact]
    public void No_public_or_internal_member_of_Connection_returns_the_key()
    {
        var handler = new StubHandler().Respond(() => Responses.Json(200, Responses.Account));
        using var connection = TestClient.Connect(handler);

        var flags = System.Reflection.BindingFlags.Public | System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance;
        foreach (var property in typeof(Connection).GetProperties(flags))
        {
            var value = property.GetValue(connection);
            Assert.False(value is string text && text.Contains(TestClient.Key), property.Name);
            Assert.DoesNotContain(TestClient.Key, value?.ToString() ?? string.Empty);
        }

        foreach (var field in typeof(Connection).GetFields(flags))
        {
            Assert.DoesNotContain(TestClient.Key, field.GetValue(connection)?.ToString() ?? string.Empty);
        }
    }
}
