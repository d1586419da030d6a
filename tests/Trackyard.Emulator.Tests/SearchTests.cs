using System.Net;
using System.Text.Json;

namespace Trackyard.Emulator.Tests;

public sealed class SearchTests(EmulatorFixture fixture) : EmulatorTestBase(fixture), IClassFixture<EmulatorFixture>
{
    private static readonly string[] Genres =
    [
        "Acoustic", "Ambient", "Beats", "Blues", "Brass & Marching Band", "Children's Music", "Cinematic", "Classical",
        "Comedy", "Country", "Dance", "Disco", "Downtempo", "Easy Listening", "Electronic", "Electronica", "Experimental",
        "Fanfares", "Folk", "Funk", "Hip Hop", "House", "Jazz", "Latin", "Metal", "Pop", "Punk", "R&B", "Reggae",
        "Religious Music", "Rock", "Singer-Songwriter", "Soul", "Special Occasions", "World",
    ];

    [Fact]
    public async Task Search_returns_tracks_with_every_field_realistic_and_charges_one_credit()
    {
        using var response = await SearchAsync(Free, new { query = "upbeat electronic with synthesizer", limit = 100 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        var json = await ReadJsonAsync(response);
        Assert.Equal(49, json.GetProperty("credits_remaining").GetInt64());
        Assert.Equal(49, HeaderNumber(response, "X-Credits-Remaining"));
        Assert.Equal(100, json.GetProperty("tracks").GetArrayLength());
        foreach (var track in Tracks(json))
        {
            Assert.Matches("^[0-9A-Za-z]{27}$", track.GetProperty("id").GetString());
            Assert.False(string.IsNullOrWhiteSpace(track.GetProperty("title").GetString()));
            Assert.False(string.IsNullOrWhiteSpace(track.GetProperty("artist").GetString()));
            Assert.InRange(track.GetProperty("duration_seconds").GetDouble(), 30, 400);
            Assert.InRange(track.GetProperty("bpm").GetDouble(), 40, 200);
            Assert.Matches("^[A-G][#b]? (major|minor)$", track.GetProperty("key").GetString());
            var genre = track.GetProperty("genre").GetString()!;
            Assert.Contains(genre, Genres);
            var subgenres = Strings(track.GetProperty("subgenres"));
            Assert.NotEmpty(subgenres);
            var genreInfo = CatalogData.GenreTable.Single(g => g.Name == genre);
            Assert.All(subgenres, s => Assert.Contains(s, genreInfo.Subgenres));
            var moods = Strings(track.GetProperty("moods"));
            Assert.InRange(moods.Count, 1, 3);
            Assert.All(moods, m => Assert.Contains(m, CatalogData.Moods));
            Assert.True(track.GetProperty("has_vocals").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.Contains(track.GetProperty("energy_level").GetString(), new[] { "low", "medium", "high" });
            var instruments = Strings(track.GetProperty("instruments"));
            Assert.NotEmpty(instruments);
            Assert.All(instruments, i => Assert.Contains(i, CatalogData.Instruments));
            Assert.Equal($"{Fixture.Server.BaseAddress}previews/{track.GetProperty("id").GetString()}.mp3", track.GetProperty("preview_url").GetString());
        }
    }

    [Fact]
    public void The_parent_genres_are_the_35_of_the_contract_and_moods_include_the_known_ones()
    {
        Assert.Equal(Genres, CatalogData.Genres);
        foreach (var mood in new[] { "Ambient", "Angry", "Calm", "Chill", "Cinematic", "Confident", "Contemplative", "Dark", "Dramatic", "Dreamy", "Eccentric", "Upbeat", "Energetic" })
        {
            Assert.Contains(mood, CatalogData.Moods);
        }
    }

    [Fact]
    public async Task Preview_url_serves_a_short_mp3_without_a_key()
    {
        var json = await SearchOkAsync(new { query = "jazz", limit = 1 });
        var url = Tracks(json).Single().GetProperty("preview_url").GetString()!;
        using var response = await Http.GetAsync(url);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("audio/mpeg", response.Content.Headers.ContentType?.MediaType);
        var frames = Mp3Frames.CountValidFrames(await response.Content.ReadAsStreamAsync());
        Assert.InRange(frames * Mp3Frames.SecondsPerFrame, 10 - Mp3Frames.SecondsPerFrame, 10 + Mp3Frames.SecondsPerFrame);

        using var missing = await Http.GetAsync("previews/nope.mp3");
        await AssertErrorAsync(missing, 404, "not_found");
    }

    [Fact]
    public async Task Defaults_are_limit_20_offset_0()
    {
        var json = await SearchOkAsync(new { query = "rock" });
        Assert.Equal(20, json.GetProperty("tracks").GetArrayLength());
        var explicitPage = await SearchOkAsync(new { query = "rock", limit = 20, offset = 0 });
        Assert.Equal(Ids(json), Ids(explicitPage));
    }

    [Fact]
    public async Task Unlimited_key_reports_null_credits_and_omits_credit_header()
    {
        using var response = await SearchAsync(Unlimited, new { query = "jazz" });
        var json = await ReadJsonAsync(response);
        Assert.Equal(JsonValueKind.Null, json.GetProperty("credits_remaining").ValueKind);
        Assert.Null(Header(response, "X-Credits-Remaining"));
        Assert.Null(Header(response, "X-RateLimit-Limit"));
    }

    [Fact]
    public async Task Offset_and_limit_page_through_one_stable_ranking()
    {
        var all = Ids(await SearchOkAsync(new { query = "calm piano", limit = 100 }));
        var paged = new List<string>();
        for (var offset = 0; offset < 100; offset += 30)
        {
            paged.AddRange(Ids(await SearchOkAsync(new { query = "calm piano", limit = Math.Min(30, 100 - offset), offset })));
        }

        Assert.Equal(all, paged);
        Assert.Equal(all, Ids(await SearchOkAsync(new { query = "calm piano", limit = 100 })));
    }

    [Fact]
    public async Task A_page_shorter_than_limit_is_the_last_one()
    {
        // Only filters make a result shorter than the catalogue: here the low-energy jazz of the catalogue.
        var filters = new { genres = new[] { "Jazz" }, energy_level = "low" };
        var expected = Fixture.Server.State.Catalog.Tracks.Count(t => t.Genre == "Jazz" && t.EnergyLevel == "low");
        Assert.InRange(expected, 6, 99);

        var all = await SearchOkAsync(new { query = "edge case", limit = 100, filters });
        Assert.Equal(expected, all.GetProperty("tracks").GetArrayLength());
        var beyond = await SearchOkAsync(new { query = "edge case", limit = 5, offset = expected - 3, filters });
        Assert.Equal(3, beyond.GetProperty("tracks").GetArrayLength());
        var empty = await SearchOkAsync(new { query = "edge case", offset = 1000, filters });
        Assert.Equal(0, empty.GetProperty("tracks").GetArrayLength());
    }

    [Fact]
    public async Task A_query_with_no_known_word_still_ranks_the_catalogue_and_costs_a_credit()
    {
        using var response = await SearchAsync(Free, new { query = "zzzz qqqq" });
        var json = await ReadJsonAsync(response);
        Assert.Equal(20, json.GetProperty("tracks").GetArrayLength());
        Assert.Equal(49, json.GetProperty("credits_remaining").GetInt64());
    }

    [Fact]
    public async Task Genre_words_rank_that_genre_first_and_ties_break_by_id()
    {
        var json = await SearchOkAsync(new { query = "jazz", limit = 100 });
        Assert.All(Tracks(json), t => Assert.Equal("Jazz", t.GetProperty("genre").GetString()));

        // "bebop" is a sub-genre word: every Bebop track earns the same points, so they lead in id order,
        // and every other track (no points) follows, in id order too.
        var tracks = Tracks(await SearchOkAsync(new { query = "bebop", limit = 100 })).ToList();
        var bebop = tracks.TakeWhile(t => Strings(t.GetProperty("subgenres")).Contains("Bebop")).Select(t => t.GetProperty("id").GetString()!).ToList();
        var expected = Fixture.Server.State.Catalog.Tracks.Where(t => t.Subgenres.Contains("Bebop")).Select(t => t.Id).Take(100).ToList();
        Assert.True(bebop.Count > 5);
        Assert.Equal(expected, bebop);
        var rest = tracks.Skip(bebop.Count).Select(t => t.GetProperty("id").GetString()!).ToList();
        Assert.Equal(rest.Order(StringComparer.Ordinal), rest);
        Assert.Equal(100, tracks.Count);
    }

    [Theory]
    [InlineData("moody", "moods", "Moody")]
    [InlineData("saxophone", "instruments", "saxophone")]
    [InlineData("drums", "instruments", "drums")]
    [InlineData("bebop", "subgenres", "Bebop")]
    public async Task Mood_instrument_and_subgenre_words_rank_matching_tracks_first(string query, string field, string expected)
    {
        var json = await SearchOkAsync(new { query, limit = 20 });
        Assert.Equal(20, json.GetProperty("tracks").GetArrayLength());
        Assert.All(Tracks(json), t => Assert.Contains(expected, Strings(t.GetProperty(field))));
    }

    [Fact]
    public async Task Title_and_artist_words_find_the_track()
    {
        var catalog = Fixture.Server.State.Catalog;
        var track = catalog.Tracks[123];
        var json = await SearchOkAsync(new { query = track.Title + " " + track.Artist, limit = 5 });
        Assert.Contains(track.Id, Ids(json));
    }

    [Theory]
    [InlineData("instrumental ambient")]
    [InlineData("ambient with no vocals")]
    [InlineData("ambient without vocals")]
    public async Task Instrumental_and_no_vocals_prefer_tracks_without_vocals(string query)
    {
        var json = await SearchOkAsync(new { query, limit = 20 });
        Assert.All(Tracks(json), t => Assert.False(t.GetProperty("has_vocals").GetBoolean()));
    }

    [Fact]
    public async Task Vocals_prefers_tracks_with_vocals()
    {
        var json = await SearchOkAsync(new { query = "pop vocals", limit = 20 });
        Assert.All(Tracks(json), t => Assert.True(t.GetProperty("has_vocals").GetBoolean()));
    }

    [Theory]
    [InlineData("house 124 bpm")]
    [InlineData("house 124bpm")]
    public async Task A_bpm_in_the_query_prefers_that_tempo(string query)
    {
        var json = await SearchOkAsync(new { query, limit = 10 });
        Assert.All(Tracks(json), t => Assert.InRange(t.GetProperty("bpm").GetInt32(), 119, 129));
    }

    [Fact]
    public async Task Fast_slow_and_calm_shift_tempo_and_energy()
    {
        Assert.All(Tracks(await SearchOkAsync(new { query = "fast rock", limit = 20 })), t => Assert.True(t.GetProperty("bpm").GetInt32() >= 120));
        Assert.All(Tracks(await SearchOkAsync(new { query = "slow jazz", limit = 20 })), t => Assert.True(t.GetProperty("bpm").GetInt32() <= 90));
        Assert.All(Tracks(await SearchOkAsync(new { query = "calm", limit = 20 })), t => Assert.Equal("low", t.GetProperty("energy_level").GetString()));
    }

    [Fact]
    public async Task Filters_apply_any_of_within_a_list_and_all_together_case_insensitively()
    {
        var json = await SearchOkAsync(new
        {
            query = "music for a scene with piano guitar strings synthesizer drums",
            limit = 100,
            filters = new
            {
                genres = new[] { "jazz", "ROCK", "Cinematic" },
                moods = new[] { "calm", "Dark", "dramatic", "Epic", "Confident", "Moody" },
                instruments = new[] { "Piano", "guitar" },
                has_vocals = false,
                min_bpm = 60,
                max_bpm = 160.5,
                energy_level = "MEDIUM",
            },
        });
        var tracks = Tracks(json).ToList();
        Assert.NotEmpty(tracks);
        foreach (var t in tracks)
        {
            Assert.Contains(t.GetProperty("genre").GetString(), new[] { "Jazz", "Rock", "Cinematic" });
            Assert.Contains(Strings(t.GetProperty("moods")), m => m is "Calm" or "Dark" or "Dramatic" or "Epic" or "Confident" or "Moody");
            Assert.Contains(Strings(t.GetProperty("instruments")), i => i is "piano" or "guitar");
            Assert.False(t.GetProperty("has_vocals").GetBoolean());
            Assert.InRange(t.GetProperty("bpm").GetDouble(), 60, 160.5);
            Assert.Equal("medium", t.GetProperty("energy_level").GetString());
        }
    }

    [Fact]
    public async Task Each_filter_alone_narrows_the_results()
    {
        const string Query = "piano guitar drums synthesizer strings bass";
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { genres = new[] { "Hip Hop" } } })), t => Assert.Equal("Hip Hop", t.GetProperty("genre").GetString()));
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { moods = new[] { "Upbeat" } } })), t => Assert.Contains("Upbeat", Strings(t.GetProperty("moods"))));
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { has_vocals = true } })), t => Assert.True(t.GetProperty("has_vocals").GetBoolean()));
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { min_bpm = 150 } })), t => Assert.True(t.GetProperty("bpm").GetInt32() >= 150));
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { max_bpm = 70 } })), t => Assert.True(t.GetProperty("bpm").GetInt32() <= 70));
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { energy_level = "high" } })), t => Assert.Equal("high", t.GetProperty("energy_level").GetString()));
        Assert.All(Tracks(await SearchOkAsync(new { query = Query, limit = 100, filters = new { instruments = new[] { "cello" } } })), t => Assert.Contains("cello", Strings(t.GetProperty("instruments"))));
        Assert.Empty(Tracks(await SearchOkAsync(new { query = Query, filters = new { instruments = new[] { "theremin" } } })));
    }

    [Theory]
    [InlineData("genres", "Hip Hop", "hip-hop", "HIPHOP", " hip  hop ")]
    [InlineData("genres", "Children's Music", "Children’s Music", "childrens music", "CHILDREN‘S-MUSIC")]
    [InlineData("genres", "R&B", "r&b", "R and B", "rnb")]
    [InlineData("genres", "Singer-Songwriter", "singer songwriter", "SingerSongwriter", "singer_songwriter")]
    [InlineData("genres", "Dance", "electronicDance", "EDM", "dance")]
    [InlineData("moods", "Upbeat", "upbeat", "UP-BEAT", "up beat")]
    [InlineData("instruments", "synthesizer", "Synthesizer", "synth", "synths")]
    [InlineData("instruments", "guitar", "guitars", "Guitar", "GUITAR")]
    public async Task Filter_names_ignore_case_spacing_hyphens_and_apostrophe_style(string field, string name, string second, string third, string fourth)
    {
        async Task<List<string>> FilteredAsync(string value) =>
            Ids(await SearchOkAsync(new { query = "music", limit = 100, filters = new Dictionary<string, object> { [field] = new[] { value } } }));

        var expected = await FilteredAsync(name);
        Assert.Equal(100, expected.Count);
        Assert.Equal(expected, await FilteredAsync(second));
        Assert.Equal(expected, await FilteredAsync(third));
        Assert.Equal(expected, await FilteredAsync(fourth));
    }

    [Theory]
    [InlineData("genres", "Polka-Core", "Jazz")]
    [InlineData("moods", "Grumpy", "Calm")]
    [InlineData("instruments", "theremin", "cello")]
    public async Task Unknown_filter_names_are_accepted_and_match_nothing(string field, string unknown, string known)
    {
        using var response = await SearchAsync(Free, new { query = "jazz", filters = new Dictionary<string, object> { [field] = new[] { unknown } } });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var json = await ReadJsonAsync(response);
        Assert.Equal(0, json.GetProperty("tracks").GetArrayLength());
        Assert.Equal(49, json.GetProperty("credits_remaining").GetInt64());

        // Beside a known name, an unknown one changes nothing.
        var knownOnly = Ids(await SearchOkAsync(new { query = "jazz", filters = new Dictionary<string, object> { [field] = new[] { known } } }));
        var both = Ids(await SearchOkAsync(new { query = "jazz", filters = new Dictionary<string, object> { [field] = new[] { unknown, known } } }));
        Assert.NotEmpty(knownOnly);
        Assert.Equal(knownOnly, both);
    }

    [Fact]
    public async Task Empty_filter_lists_and_nulls_mean_no_filter()
    {
        var plain = Ids(await SearchOkAsync(new { query = "folk" }));
        var withEmpty = Ids(await SearchOkAsync(new { query = "folk", limit = (int?)null, filters = new { genres = Array.Empty<string>(), moods = (string[]?)null } }));
        Assert.Equal(plain, withEmpty);
    }

    public static TheoryData<string> InvalidParameterBodies => new()
    {
        """{"query":""}""",
        """{"query":"   "}""",
        """{"limit":5}""",
        """{"query":null}""",
        """{"query":42}""",
        """{"query":"jazz","limit":0}""",
        """{"query":"jazz","limit":101}""",
        """{"query":"jazz","limit":2.5}""",
        """{"query":"jazz","limit":"10"}""",
        """{"query":"jazz","offset":-1}""",
        """{"query":"jazz","offset":"a"}""",
        """{"query":"jazz","filters":[]}""",
        """{"query":"jazz","filters":{"genres":"Jazz"}}""",
        """{"query":"jazz","filters":{"genres":[1]}}""",
        """{"query":"jazz","filters":{"energy_level":"extreme"}}""",
        """{"query":"jazz","filters":{"energy_level":3}}""",
        """{"query":"jazz","filters":{"has_vocals":"yes"}}""",
        """{"query":"jazz","filters":{"min_bpm":39}}""",
        """{"query":"jazz","filters":{"max_bpm":201}}""",
        """{"query":"jazz","filters":{"min_bpm":"90"}}""",
        """{"query":"jazz","filters":{"min_bpm":130,"max_bpm":120}}""",
        """{"query":"jazz","filters":{"instruments":"piano"}}""",
        """[{"query":"jazz"}]""",
        """ "jazz" """,
    };

    [Theory]
    [MemberData(nameof(InvalidParameterBodies))]
    public async Task Invalid_parameters_are_400_and_cost_nothing(string body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/search", Free, body);
        await AssertErrorAsync(response, 400, "invalid_parameters", "Bad Request");
        Assert.Equal(50, HeaderNumber(response, "X-Credits-Remaining"));
    }

    [Theory]
    [InlineData("")]
    [InlineData("{")]
    [InlineData("query=jazz")]
    [InlineData("<html></html>")]
    [InlineData("{\"query\":\"jazz\",}")]
    public async Task Bodies_that_are_not_json_are_400_invalid_json(string body)
    {
        using var response = await SendAsync(HttpMethod.Post, "/search", Free, body);
        await AssertErrorAsync(response, 400, "invalid_json", "Bad Request");
        Assert.Equal(50, HeaderNumber(response, "X-Credits-Remaining"));
    }

    [Fact]
    public async Task Unknown_fields_are_ignored_and_limits_at_the_edges_are_accepted()
    {
        Assert.Single(Tracks(await SearchOkAsync(new { query = "jazz", limit = 1, extra = "ignored", filters = new { min_bpm = 40, max_bpm = 200, whatever = 1 } })));
        Assert.Equal(100, (await SearchOkAsync(new { query = "jazz rock pop", limit = 100.0 })).GetProperty("tracks").GetArrayLength());
    }

    [Fact]
    public async Task Out_of_credits_key_gets_402_and_searchonly_may_search()
    {
        using var none = await SearchAsync(NoCredits, new { query = "jazz" });
        await AssertErrorAsync(none, 402, "out_of_credits", "Out of credits");
        Assert.Equal(0, HeaderNumber(none, "X-Credits-Remaining"));

        using var searchOnly = await SearchAsync(SearchOnly, new { query = "jazz" });
        Assert.Equal(HttpStatusCode.OK, searchOnly.StatusCode);
    }

    [Fact]
    public async Task Credits_run_out_exactly_and_then_402()
    {
        await AddKeyAsync("test_key_three_credits", credits: 3);
        for (var i = 2; i >= 0; i--)
        {
            using var ok = await SearchAsync("test_key_three_credits", new { query = "jazz" });
            Assert.Equal(i, (await ReadJsonAsync(ok)).GetProperty("credits_remaining").GetInt64());
        }

        using var response = await SearchAsync("test_key_three_credits", new { query = "jazz" });
        await AssertErrorAsync(response, 402, "out_of_credits");
    }

    [Fact]
    public async Task Concurrent_searches_never_overspend_credits()
    {
        await AddKeyAsync("test_key_ten_credits", credits: 10);
        var results = await Task.WhenAll(Enumerable.Range(0, 40).Select(async _ =>
        {
            using var response = await SearchAsync("test_key_ten_credits", new { query = "jazz" });
            return response.StatusCode;
        }));
        Assert.Equal(10, results.Count(s => s == HttpStatusCode.OK));
        Assert.Equal(30, results.Count(s => s == HttpStatusCode.PaymentRequired));
    }
}
