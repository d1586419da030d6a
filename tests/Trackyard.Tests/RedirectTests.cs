using Trackyard.Tests.Infrastructure;

namespace Trackyard.Tests;

/// <summary>The redirect policy: followed by hand, the key only to the base URI's own scheme, host and port.</summary>
public class RedirectTests
{
    private const string SearchUri = "https://api.trackyard.test/api/external/v1/search";

    private static HttpResponseMessage Redirect(int status, string? location) =>
        location is null ? Responses.Raw(status, null) : Responses.Raw(status, null, "text/plain", ("Location", location));

    private static Task<SearchPage> Search(TrackyardClient client) =>
        client.SearchAsync(new SearchRequest { Query = "calm piano" }, TestClient.Call(), CancellationToken.None);

    [Theory]
    [InlineData(301)]
    [InlineData(302)]
    [InlineData(307)]
    [InlineData(308)]
    public async Task Same_origin_redirect_keeps_the_key_method_and_body(int status)
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(status, "https://api.trackyard.test/api/external/v2/search"))
            .Respond(() => Responses.Json(200, Responses.SearchBody(2)));
        using var client = TestClient.Create(handler);

        var page = await Search(client);

        Assert.Equal(2, page.Tracks.Count);
        var requests = handler.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal("https://api.trackyard.test/api/external/v2/search", requests[1].Uri.AbsoluteUri);
        Assert.Equal(HttpMethod.Post, requests[1].Method);
        Assert.Equal("Bearer " + TestClient.Key, requests[1].Authorization);
        Assert.Equal(requests[0].Body, requests[1].Body);
        Assert.Contains("calm piano", requests[1].Body);
        Assert.Equal(requests[0].UserAgent, requests[1].UserAgent);
    }

    [Fact]
    public async Task Relative_location_is_resolved_against_the_current_address()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(307, "/api/external/v1/search2"))
            .Respond(() => Responses.Json(200, Responses.SearchBody(1)));
        using var client = TestClient.Create(handler);

        await Search(client);

        var hop = handler.Requests.ToArray()[1];
        Assert.Equal("https://api.trackyard.test/api/external/v1/search2", hop.Uri.AbsoluteUri);
        Assert.Equal("Bearer " + TestClient.Key, hop.Authorization);
    }

    [Theory]
    [InlineData(301, "https://evil.example/api/external/v1/search")]
    [InlineData(302, "https://api.trackyard.test:8443/api/external/v1/search")]
    [InlineData(307, "https://evil.example/api/external/v1/search")]
    [InlineData(308, "https://sub.api.trackyard.test/api/external/v1/search")]
    public async Task Redirect_to_another_origin_never_carries_the_key(int status, string location)
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(status, location))
            .Respond(() => Responses.Json(401, "{\"error\":\"Unauthorized\",\"message\":\"Missing API key\"}"));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Search(client));

        var requests = handler.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Equal(location, requests[1].Uri.AbsoluteUri);
        Assert.Null(requests[1].Authorization);
        Assert.Contains("calm piano", requests[1].Body);
        Assert.Equal(TrackyardFailureKind.Unauthorized, ex.Kind);
        Assert.Equal(401, ex.StatusCode);
        Assert.Contains("the API key was not sent", ex.Message);
        Assert.DoesNotContain(TestClient.Key, ex.ToString());
    }

    [Fact]
    public async Task A_redirect_that_comes_back_to_the_base_origin_gets_the_key_again()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(302, "https://cdn.example/bounce"))
            .Respond(() => Redirect(302, SearchUri))
            .Respond(() => Responses.Json(200, Responses.SearchBody(1)));
        using var client = TestClient.Create(handler);

        await Search(client);

        var requests = handler.Requests.ToArray();
        Assert.Null(requests[1].Authorization);
        Assert.Equal("Bearer " + TestClient.Key, requests[2].Authorization);
    }

    [Fact]
    public async Task See_other_turns_a_post_into_a_get_without_body()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(303, "https://api.trackyard.test/api/external/v1/result/1"))
            .Respond(() => Redirect(307, "https://api.trackyard.test/api/external/v1/result/2"))
            .Respond(() => Responses.Json(200, Responses.SearchBody(1)));
        using var client = TestClient.Create(handler);

        await Search(client);

        var requests = handler.Requests.ToArray();
        Assert.Equal(HttpMethod.Post, requests[0].Method);
        Assert.All(requests.Skip(1), r => Assert.Equal(HttpMethod.Get, r.Method));
        Assert.All(requests.Skip(1), r => Assert.Null(r.Body));
        Assert.All(requests.Skip(1), r => Assert.Null(r.ContentType));
        Assert.All(requests, r => Assert.Equal("Bearer " + TestClient.Key, r.Authorization));
    }

    [Fact]
    public async Task See_other_keeps_a_get_a_get()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(303, "https://api.trackyard.test/api/external/v1/me2"))
            .Respond(() => Responses.Json(200, Responses.Account));
        using var client = TestClient.Create(handler);

        var account = await client.GetAccountAsync(TestClient.Call(), CancellationToken.None);

        Assert.Equal("starter", account.Tier);
        Assert.Equal(HttpMethod.Get, handler.Requests.ToArray()[1].Method);
    }

    [Theory]
    [InlineData("https://api.trackyard.test/api/external/v1", "http://api.trackyard.test/api/external/v1/search", "https to plain http")]
    [InlineData("https://api.trackyard.test/api/external/v1", "http://127.0.0.1:5080/api/external/v1/search", "https to plain http")]
    [InlineData("http://127.0.0.1:5080/api/external/v1", "http://10.1.2.3/api/external/v1/search", "plain http on another machine")]
    [InlineData("http://127.0.0.1:5080/api/external/v1", "http://evil.example/api/external/v1/search", "plain http on another machine")]
    [InlineData("https://api.trackyard.test/api/external/v1", "ftp://api.trackyard.test/search", "not http or https")]
    [InlineData("https://api.trackyard.test/api/external/v1", "https://user:pw@api.trackyard.test/search", "user information")]
    public async Task Unsafe_redirects_are_refused_without_sending_anything(string baseUri, string location, string reason)
    {
        var handler = new StubHandler().Respond(() => Redirect(307, location));
        using var client = TestClient.Create(handler, baseUri: new Uri(baseUri));

        var ex = await TestClient.Failure(() => Search(client));

        Assert.Single(handler.Requests);
        Assert.Equal(TrackyardFailureKind.UnexpectedStatus, ex.Kind);
        Assert.Equal(307, ex.StatusCode);
        Assert.Contains(reason, ex.Message);
        Assert.DoesNotContain("pw", ex.Message);
    }

    [Fact]
    public async Task Plain_http_redirect_between_loopback_addresses_is_followed_without_the_key()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(307, "http://127.0.0.2:5081/api/external/v1/search"))
            .Respond(() => Responses.Json(200, Responses.SearchBody(1)));
        using var client = TestClient.Create(handler, baseUri: new Uri("http://127.0.0.1:5080/api/external/v1"));

        await Search(client);

        Assert.Null(handler.Requests.ToArray()[1].Authorization);
    }

    [Fact]
    public async Task Redirect_loops_end_after_five()
    {
        var count = 0;
        var handler = new StubHandler().Respond(() => Redirect(302, SearchUri + "?hop=" + Interlocked.Increment(ref count)));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Search(client));

        Assert.Equal(1 + RedirectPolicy.MaxRedirects, handler.Requests.Count);
        Assert.Equal(TrackyardFailureKind.UnexpectedStatus, ex.Kind);
        Assert.Contains("More than 5 redirects", ex.Message);
        Assert.DoesNotContain("hop=", ex.Message);
    }

    [Theory]
    [InlineData(307, null, "no Location")]
    [InlineData(300, "https://api.trackyard.test/elsewhere", "not followed")]
    [InlineData(304, "https://api.trackyard.test/elsewhere", "not followed")]
    public async Task Redirects_that_cannot_be_followed_are_UnexpectedStatus(int status, string? location, string says)
    {
        var handler = new StubHandler().Respond(() => Redirect(status, location));
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => Search(client));

        Assert.Single(handler.Requests);
        Assert.Equal(TrackyardFailureKind.UnexpectedStatus, ex.Kind);
        Assert.Contains(says, ex.Message);
    }

    [Fact]
    public async Task Key_echoed_in_a_location_is_never_shown()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(307, "https://evil.example/" + TestClient.Key + "/search?key=" + TestClient.Key))
            .Respond(() => Responses.Json(404, "{}"));
        var observer = new RecordingObserver();
        using var client = TestClient.Create(handler);

        var ex = await TestClient.Failure(() => client.SearchAsync(new SearchRequest { Query = "q" }, TestClient.Call(observer: observer), CancellationToken.None));

        Assert.DoesNotContain(TestClient.Key, ex.ToString());
        Assert.DoesNotContain(TestClient.Key, string.Join("\n", observer.Verbose));
        Assert.Contains(observer.Verbose, line => line.Contains("redirect to POST https://evil.example/[key"));
    }

    [Fact]
    public async Task Download_redirected_to_a_cdn_goes_without_the_key()
    {
        var handler = new StubHandler()
            .Respond(() => Redirect(302, "https://cdn.example/audio/trk_1.mp3"))
            .Respond(() => Responses.Bytes(200, new byte[] { 0xFF, 0xFB, 0x90, 0x00 }, "audio/mpeg"));
        using var client = TestClient.Create(handler);

        await client.DownloadTrackAsync(new DownloadRequest("trk_1"), TestClient.ReadNothing, TestClient.Call(), CancellationToken.None);

        var hop = handler.Requests.ToArray()[1];
        Assert.Null(hop.Authorization);
        Assert.Equal(HttpMethod.Post, hop.Method);
        Assert.Contains("trk_1", hop.Body);
    }

    [Theory]
    [InlineData("https://api.trackyard.test/v1", "https://API.Trackyard.TEST:443/x", true)]
    [InlineData("https://api.trackyard.test/v1", "https://api.trackyard.test:444/x", false)]
    [InlineData("https://api.trackyard.test/v1", "http://api.trackyard.test:443/x", false)]
    [InlineData("http://127.0.0.1:5080/v1", "http://127.0.0.1:5080/other", true)]
    [InlineData("http://127.0.0.1:5080/v1", "http://127.0.0.2:5080/v1", false)]
    [InlineData("http://127.0.0.1:5080/v1", "http://localhost:5080/v1", false)]
    public void Same_origin_is_scheme_host_and_port(string baseUri, string target, bool same) =>
        Assert.Equal(same, RedirectPolicy.IsSameOrigin(new Uri(baseUri), new Uri(target)));
}
