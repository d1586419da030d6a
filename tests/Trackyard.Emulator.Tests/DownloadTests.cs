using System.Net;

namespace Trackyard.Emulator.Tests;

public sealed class DownloadTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    private Track SomeTrack => Fixture.Server.State.Catalog.Tracks.First(t => t.DurationSeconds is > 100 and < 400 && t.Title.All(c => c < 128 && c != '"'));

    [Fact]
    public async Task Whole_track_is_valid_mp3_of_the_track_length_and_costs_one_credit()
    {
        var track = SomeTrack;
        using var response = await PostAsync("/download-track", Free, new { track_id = track.Id });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(49, HeaderNumber(response, "X-Credits-Remaining"));
        var length = response.Content.Headers.ContentLength;
        var bytes = await response.Content.ReadAsByteArrayAsync();
        Assert.Equal(length, bytes.Length);
        AssertDuration(bytes, track.DurationSeconds);

        using var me = await GetAsync("/me", Free);
        Assert.Equal(49, (await ReadJsonAsync(me)).GetProperty("credits_remaining").GetInt64());
    }

    [Theory]
    [InlineData(10, null)]
    [InlineData(30, 15.5)]
    [InlineData(47.3, 0.0)]
    [InlineData(300, 299.9)]
    public async Task A_clip_has_the_requested_duration_within_one_frame(double duration, double? hitPoint)
    {
        var body = new Dictionary<string, object?> { ["track_id"] = Catalog.LongTrackId, ["duration_seconds"] = duration };
        if (hitPoint is not null)
        {
            body["hit_point_seconds"] = hitPoint;
        }

        using var response = await PostAsync("/download-track", Unlimited, body);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertDuration(await response.Content.ReadAsByteArrayAsync(), duration);
    }

    [Fact]
    public async Task A_clip_longer_than_the_track_is_the_whole_track()
    {
        var track = Fixture.Server.State.Catalog.Tracks.First(t => t.DurationSeconds < 100);
        using var response = await PostAsync("/download-track", Unlimited, new { track_id = track.Id, duration_seconds = 300 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        AssertDuration(await response.Content.ReadAsByteArrayAsync(), track.DurationSeconds);
    }

    [Fact]
    public async Task The_long_track_streams_over_50_MB_of_valid_frames()
    {
        using var response = await Http.SendAsync(
            new HttpRequestMessage(HttpMethod.Post, Api + "/download-track")
            {
                Headers = { Authorization = new("Bearer", Unlimited) },
                Content = new StringContent($$"""{"track_id":"{{Catalog.LongTrackId}}"}""", System.Text.Encoding.UTF8, "application/json"),
            },
            HttpCompletionOption.ResponseHeadersRead);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.True(response.Content.Headers.ContentLength >= 50L * 1024 * 1024);
        await using var stream = await response.Content.ReadAsStreamAsync();
        var frames = Mp3Frames.CountValidFrames(new BufferedStream(stream, 1 << 16));
        Assert.InRange(frames * Mp3Frames.SecondsPerFrame, 3600 - Mp3Frames.SecondsPerFrame, 3600 + Mp3Frames.SecondsPerFrame);
        Assert.Equal(Mp3Writer.ByteLength(frames), response.Content.Headers.ContentLength);
    }

    [Fact]
    public void Frame_lengths_follow_the_padding_rule()
    {
        for (long n = 0; n < 1000; n++)
        {
            Assert.InRange(Mp3Writer.ByteLength(n + 1) - Mp3Writer.ByteLength(n), 417, 418);
        }

        Assert.Equal(20480, Mp3Writer.ByteLength(49));
    }

    [Fact]
    public async Task Content_disposition_for_an_ascii_title()
    {
        var track = SomeTrack;
        using var response = await PostAsync("/download-track", Unlimited, new { track_id = track.Id, duration_seconds = 10 });
        Assert.Equal($"attachment; filename=\"{track.Title}.mp3\"", Header(response, "Content-Disposition"));
        Assert.Equal(track.Title + ".mp3", response.Content.Headers.ContentDisposition!.FileName!.Trim('"'));
    }

    [Theory]
    [InlineData("HostileTitle000000000000004", "attachment; filename=\"The \\\"Quoted\\\" Anthem.mp3\"")]
    [InlineData("HostileTitle000000000000002", "attachment; filename=\"Back\\\\Slash Blues.mp3\"")]
    [InlineData("HostileTitle000000000000001", "attachment; filename=\"Rise/Fall (Side A/Side B).mp3\"")]
    [InlineData("HostileTitle000000000000006", "attachment; filename=\"Caf_ Noir _ _n_code.mp3\"; filename*=UTF-8''Caf%C3%A9%20Noir%20%E2%80%94%20%C3%9Cn%C3%AFcode.mp3")]
    [InlineData("HostileTitle000000000000009", "attachment; filename=\"____ Tokyo Nights.mp3\"; filename*=UTF-8''%E6%9D%B1%E4%BA%AC%E3%81%AE%E5%A4%9C%20Tokyo%20Nights.mp3")]
    public async Task Content_disposition_escapes_quotes_and_encodes_non_ascii(string id, string expected)
    {
        using var response = await PostAsync("/download-track", Unlimited, new { track_id = id, duration_seconds = 10 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(expected, Header(response, "Content-Disposition"));
    }

    [Fact]
    public async Task Non_ascii_file_name_round_trips_through_filename_star()
    {
        using var response = await PostAsync("/download-track", Unlimited, new { track_id = "HostileTitle000000000000006", duration_seconds = 10 });
        Assert.Equal("Café Noir — Ünïcode.mp3", response.Content.Headers.ContentDisposition!.FileNameStar);
    }

    [Fact]
    public async Task The_long_hostile_title_is_over_200_characters_in_the_header()
    {
        using var response = await PostAsync("/download-track", Unlimited, new { track_id = "HostileTitle000000000000007", duration_seconds = 10 });
        Assert.True(response.Content.Headers.ContentDisposition!.FileName!.Length > 200);
    }

    public static TheoryData<string, string> InvalidBodies => new()
    {
        { """{"track_id":"HostileTitle000000000000001","hit_point_seconds":5}""", "hit_point_seconds requires duration_seconds" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":9.9}""", "" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":301}""", "" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":"30"}""", "" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":30,"hit_point_seconds":30}""", "" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":30,"hit_point_seconds":45}""", "" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":30,"hit_point_seconds":-1}""", "" },
        { """{"track_id":"HostileTitle000000000000001","duration_seconds":30,"hit_point_seconds":"5"}""", "" },
        { """{"duration_seconds":30}""", "" },
        { """{"track_id":""}""", "" },
        { """{"track_id":12}""", "" },
        { """[]""", "" },
    };

    [Theory]
    [MemberData(nameof(InvalidBodies))]
    public async Task Invalid_download_requests_are_400_json_and_cost_nothing(string body, string message)
    {
        using var response = await SendAsync(HttpMethod.Post, "/download-track", Free, body);
        var json = await AssertErrorAsync(response, 400, "invalid_parameters", "Bad Request");
        if (message.Length > 0)
        {
            Assert.Equal(message, json.GetProperty("message").GetString());
        }

        Assert.Equal(50, HeaderNumber(response, "X-Credits-Remaining"));
    }

    [Fact]
    public async Task Not_json_is_400_invalid_json()
    {
        using var response = await SendAsync(HttpMethod.Post, "/download-track", Free, "track_id=abc");
        await AssertErrorAsync(response, 400, "invalid_json");
    }

    [Fact]
    public async Task Unknown_track_is_404_json_and_costs_nothing()
    {
        using var response = await PostAsync("/download-track", Free, new { track_id = "trk_abc123" });
        var json = await AssertErrorAsync(response, 404, "not_found", "Not Found");
        Assert.Equal("Track not found", json.GetProperty("message").GetString());
        Assert.Equal(50, HeaderNumber(response, "X-Credits-Remaining"));
    }

    [Fact]
    public async Task Searchonly_key_is_forbidden_and_nocredits_key_is_402()
    {
        using var forbidden = await PostAsync("/download-track", SearchOnly, new { track_id = SomeTrack.Id });
        await AssertErrorAsync(forbidden, 403, "forbidden", "Forbidden");
        Assert.Equal(300, HeaderNumber(forbidden, "X-Credits-Remaining"));

        using var broke = await PostAsync("/download-track", NoCredits, new { track_id = SomeTrack.Id });
        await AssertErrorAsync(broke, 402, "out_of_credits", "Out of credits");
    }

    private static void AssertDuration(byte[] mp3, double seconds)
    {
        var frames = Mp3Frames.CountValidFrames(new MemoryStream(mp3));
        Assert.Equal(Mp3Writer.ByteLength(frames), mp3.Length);
        Assert.InRange(frames * Mp3Frames.SecondsPerFrame, seconds - Mp3Frames.SecondsPerFrame, seconds + Mp3Frames.SecondsPerFrame);
    }
}
