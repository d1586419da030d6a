namespace Trackyard.Emulator.Tests;

/// <summary>The command line: strict parsing, both option forms, and the options' values.</summary>
public sealed class OptionsTests
{
    [Fact]
    public void Defaults_without_options()
    {
        var options = EmulatorOptions.Parse([]);
        Assert.Null(options.Urls);
        Assert.Equal(60, options.MinuteSeconds);
        Assert.Equal(86400, options.DaySeconds);
        Assert.Equal(EmulatorOptions.DefaultSeed, options.Seed);
        Assert.Equal(EmulatorOptions.DefaultCatalogSize, options.CatalogSize);
        Assert.Equal(EmulatorProfile.Default, options.Profile);
        Assert.Null(options.PreviewBaseUri);
        Assert.False(options.ShowHelp);
    }

    [Fact]
    public void Both_forms_are_read_and_fractions_are_allowed()
    {
        var options = EmulatorOptions.Parse(["--minute-seconds=0.5", "--day-seconds", "30", "--seed", "-7", "--profile=docs", "--urls", "http://127.0.0.1:0"]);
        Assert.Equal(0.5, options.MinuteSeconds);
        Assert.Equal(30, options.DaySeconds);
        Assert.Equal(-7, options.Seed);
        Assert.Equal(EmulatorProfile.Docs, options.Profile);
        Assert.Equal("http://127.0.0.1:0", options.Urls);
    }

    [Theory]
    [InlineData("--help")]
    [InlineData("-h")]
    public void Help_is_a_flag(string flag) => Assert.True(EmulatorOptions.Parse(["--seed", "3", flag]).ShowHelp);

    [Theory]
    [InlineData("http://127.0.0.2:5081", "http://127.0.0.2:5081/previews/")]
    [InlineData("http://127.0.0.2:5081/", "http://127.0.0.2:5081/previews/")]
    [InlineData("https://cdn.example/audio", "https://cdn.example/audio/")]
    [InlineData("http://127.0.0.2:5081/previews/", "http://127.0.0.2:5081/previews/")]
    public void Preview_base_uri_without_a_path_means_another_emulators_previews(string given, string expected) =>
        Assert.Equal(expected, EmulatorOptions.Parse(["--preview-base-uri", given]).PreviewBaseUri!.AbsoluteUri);

    [Theory]
    [InlineData("--minute-secnds", "--minute-secnds", "5")]
    [InlineData("--minute-seconds", "--minute-seconds", "0")]
    [InlineData("--minute-seconds", "--minute-seconds", "soon")]
    [InlineData("--day-seconds", "--day-seconds", "-1")]
    [InlineData("--seed", "--seed", "abc")]
    [InlineData("--catalog-size", "--catalog-size", "5")]
    [InlineData("--profile", "--profile", "strict")]
    [InlineData("--profile", "--profile", "Docs")]
    [InlineData("--preview-base-uri", "--preview-base-uri", "ftp://127.0.0.2/")]
    [InlineData("--preview-base-uri", "--preview-base-uri", "previews/")]
    [InlineData("--preview-base-uri", "--preview-base-uri", "http://127.0.0.2/?x=1")]
    [InlineData("--seed", "--seed")]
    [InlineData("--seed", "--seed", "--profile", "docs")]
    [InlineData("--seed", "--seed", "1", "--seed", "2")]
    [InlineData("stray", "stray")]
    [InlineData("--", "--", "x")]
    [InlineData("--environment", "--environment", "Development")]
    public void Unknown_repeated_incomplete_or_bad_options_are_refused_by_name(string named, params string[] args)
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorOptions.Parse(args));
        Assert.Contains(named, error.Message);
    }

    [Fact]
    public void Build_refuses_what_parse_refuses()
    {
        var error = Assert.Throws<ArgumentException>(() => EmulatorApp.Build(["--minute-secnds", "5", "--urls", "http://127.0.0.1:0"]));
        Assert.Contains("--minute-secnds", error.Message);
    }
}
