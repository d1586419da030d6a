using System.Net;

namespace Trackyard.Tests;

public class ProxyTests
{
    private static readonly Uri Https = new("https://api.trackyard.com/api/external/v1");
    private static readonly Uri Loopback = new("http://127.0.0.1:5080/api/external/v1");

    [Fact]
    public void Without_Proxy_an_https_handler_uses_the_default_proxy()
    {
        Assert.Null(ProxyPolicy.Create(null, null, null, Https));
        using var handler = Assert.IsType<HttpClientHandler>(TrackyardClient.CreateDefaultHandler(Https));

        // UseProxy with no Proxy of its own: HttpClient.DefaultProxy, which reads HTTPS_PROXY/HTTP_PROXY/NO_PROXY.
        Assert.True(handler.UseProxy);
        Assert.Null(handler.Proxy);
    }

    [Fact]
    public void A_plain_http_base_uri_never_goes_through_a_proxy()
    {
        // The key would reach the proxy in clear text; plain http is allowed only to this machine anyway.
        using var handler = Assert.IsType<HttpClientHandler>(TrackyardClient.CreateDefaultHandler(Loopback, new WebProxy("http://proxy.example:3128")));

        Assert.False(handler.UseProxy);
        Assert.Null(handler.Proxy);
    }

    [Fact]
    public void Proxy_is_used_for_every_address_including_loopback_and_carries_the_credential()
    {
        var proxy = Assert.IsType<WebProxy>(ProxyPolicy.Create(new Uri("http://proxy.example:3128"), "user", null, Https));
        using var handler = Assert.IsType<HttpClientHandler>(TrackyardClient.CreateDefaultHandler(Https, proxy));

        Assert.Same(proxy, handler.Proxy);
        Assert.False(proxy.IsBypassed(new Uri("https://127.0.0.1:5000/api")));
        Assert.False(proxy.IsBypassed(new Uri("https://api.trackyard.com/api/external/v1/search")));
        Assert.Equal("user", Assert.IsType<NetworkCredential>(proxy.Credentials).UserName);
    }

    [Fact]
    public void Proxy_in_front_of_a_plain_http_base_uri_is_invalid_input()
    {
        var ex = Assert.Throws<TrackyardApiException>(() => ProxyPolicy.Create(new Uri("http://127.0.0.1:3128"), null, null, Loopback));

        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
        Assert.Contains("clear text", ex.Message);
    }

    [Theory]
    [InlineData("ftp://proxy.example:21")]
    [InlineData("http://user:secret@proxy.example:3128")]
    public void Proxy_that_is_not_a_plain_proxy_address_is_invalid_input(string uri)
    {
        var ex = Assert.Throws<TrackyardApiException>(() => ProxyPolicy.Create(new Uri(uri), null, null, Https));
        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
        Assert.DoesNotContain("secret", ex.Message);
    }

    [Fact]
    public void ProxyCredential_without_Proxy_is_invalid_input()
    {
        var ex = Assert.Throws<TrackyardApiException>(() => ProxyPolicy.Create(null, "user", null, Https));
        Assert.Equal(TrackyardFailureKind.InvalidInput, ex.Kind);
    }
}
