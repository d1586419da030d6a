namespace Trackyard.Emulator.Tests;

public sealed class CatalogTests
{
    [Fact]
    public void Same_seed_gives_the_same_catalogue_and_another_seed_another()
    {
        var a = new Catalog(7, 800);
        var b = new Catalog(7, 800);
        var c = new Catalog(8, 800);
        Assert.Equal(Describe(a), Describe(b));
        Assert.NotEqual(Describe(a), Describe(c));
    }

    [Fact]
    public void Catalogue_has_the_requested_size_unique_base62_ids_sorted_by_id()
    {
        var catalog = new Catalog(EmulatorOptions.DefaultSeed, EmulatorOptions.DefaultCatalogSize);
        Assert.Equal(5000, catalog.Tracks.Count);
        Assert.Equal(5000, catalog.Tracks.Select(t => t.Id).Distinct().Count());
        Assert.All(catalog.Tracks, t => Assert.Matches("^[0-9A-Za-z]{27}$", t.Id));
        Assert.Equal(catalog.Tracks.Select(t => t.Id).Order(StringComparer.Ordinal), catalog.Tracks.Select(t => t.Id));
        Assert.All(catalog.Tracks.Where(t => t.Id != Catalog.LongTrackId), t => Assert.InRange(t.DurationSeconds, 30, 400));
        Assert.Equal(35, catalog.Tracks.Select(t => t.Genre).Distinct().Count());
        Assert.Contains(catalog.Tracks, t => t.HasVocals);
        Assert.Contains(catalog.Tracks, t => !t.HasVocals);
        Assert.Equal(3, catalog.Tracks.Select(t => t.EnergyLevel).Distinct().Count());
    }

    [Fact]
    public void Hostile_titles_and_the_long_track_have_fixed_ids_for_every_seed()
    {
        foreach (var seed in new[] { 1, 42, 1234 })
        {
            var catalog = new Catalog(seed, 50);
            var titles = Catalog.HostileTitles.Select(h => catalog.Find(h.Id)!.Title).ToList();
            Assert.Contains(titles, t => t.Contains('/'));
            Assert.Contains(titles, t => t.Contains('\\'));
            Assert.Contains(titles, t => t.Contains(':'));
            Assert.Contains(titles, t => t.Contains('"'));
            Assert.Contains(titles, t => t.Contains(".."));
            Assert.Contains(titles, t => t.Any(c => c > 127 && char.IsLetter(c)));
            Assert.Contains(titles, t => t.Length > 200);
            Assert.All(Catalog.HostileTitles, h => Assert.Equal(Catalog.HostileArtist, catalog.Find(h.Id)!.Artist));

            var longTrack = catalog.Find(Catalog.LongTrackId)!;
            Assert.Equal(3600, longTrack.DurationSeconds);
            Assert.True(Mp3Writer.ByteLength(Mp3Writer.FrameCount(longTrack.DurationSeconds)) >= 50L * 1024 * 1024);
        }
    }

    [Fact]
    public void Catalogue_smaller_than_the_special_tracks_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new Catalog(1, Catalog.SpecialTrackCount - 1));
        Assert.Equal(Catalog.SpecialTrackCount, new Catalog(1, Catalog.SpecialTrackCount).Tracks.Count);
    }

    [Theory]
    [InlineData("--minute-seconds", "0")]
    [InlineData("--day-seconds", "-1")]
    [InlineData("--seed", "abc")]
    [InlineData("--catalog-size", "5")]
    public void Invalid_options_are_refused(string name, string value)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorApp.Build([name, value, "--urls", "http://127.0.0.1:0"]));
        Assert.Contains(name, error.Message);
    }

    [Fact]
    public async Task Two_servers_with_the_same_seed_answer_identically_and_another_seed_differs()
    {
        await using var a = await EmulatorServer.StartAsync("--seed", "99", "--catalog-size", "1000");
        await using var b = await EmulatorServer.StartAsync("--seed", "99", "--catalog-size", "1000");
        await using var c = await EmulatorServer.StartAsync("--seed", "100", "--catalog-size", "1000");
        var first = await SearchBodyAsync(a.BaseAddress);
        Assert.Equal(first, await SearchBodyAsync(b.BaseAddress));
        Assert.NotEqual(first, await SearchBodyAsync(c.BaseAddress));
        Assert.Equal(1000, a.State.Catalog.Tracks.Count);
    }

    private static async Task<string> SearchBodyAsync(Uri baseAddress)
    {
        using var client = new HttpClient { BaseAddress = baseAddress };
        client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", EmulatorTestBase.Unlimited);
        using var response = await client.PostAsync("api/external/v1/search", new StringContent("""{"query":"calm piano strings","limit":50}""", System.Text.Encoding.UTF8, "application/json"));
        var body = await response.Content.ReadAsStringAsync();

        // preview_url carries the port, which differs between servers.
        return body.Replace(baseAddress.ToString(), "BASE/", StringComparison.Ordinal);
    }

    private static string Describe(Catalog catalog) => string.Join("\n", catalog.Tracks.Select(t =>
        $"{t.Id}|{t.Title}|{t.Artist}|{t.DurationSeconds}|{t.Bpm}|{t.Key}|{t.Genre}|{string.Join(",", t.Subgenres)}|{string.Join(",", t.Moods)}|{t.HasVocals}|{t.EnergyLevel}|{string.Join(",", t.Instruments)}"));
}
