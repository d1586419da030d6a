namespace Trackyard.Tests;

public class ContentDispositionTests
{
    [Theory]
    [InlineData("attachment; filename=\"Neon Drive.mp3\"", "Neon Drive.mp3")]
    [InlineData("attachment; filename=plain.mp3", "plain.mp3")]
    [InlineData("attachment;filename=\"no space.mp3\"", "no space.mp3")]
    [InlineData("ATTACHMENT; FILENAME=\"Upper.mp3\"", "Upper.mp3")]
    [InlineData("inline; filename=\"Inline.mp3\"", "Inline.mp3")]
    [InlineData("attachment; filename = \"spaced.mp3\" ", "spaced.mp3")]
    [InlineData("attachment; filename=\"The \\\"Quoted\\\" Anthem.mp3\"", "The \"Quoted\" Anthem.mp3")]
    [InlineData("attachment; filename=\"Back\\\\Slash Blues.mp3\"", "Back\\Slash Blues.mp3")]
    [InlineData("attachment; filename=\"semi;colon=x.mp3\"; size=10", "semi;colon=x.mp3")]
    [InlineData("attachment; size=10; filename=\"after.mp3\"", "after.mp3")]
    [InlineData("attachment; creation-date; filename=\"novalue.mp3\"", "novalue.mp3")]
    [InlineData("attachment; filename=\"unterminated.mp3", "unterminated.mp3")]
    [InlineData("attachment; filename=\"Rise/Fall (Side A/Side B).mp3\"", "Rise/Fall (Side A/Side B).mp3")]
    public void Reads_the_plain_filename(string header, string expected)
    {
        Assert.Equal(expected, ContentDispositionFileName.Parse(header));
    }

    [Theory]
    [InlineData("attachment; filename=\"Caf_ Noir.mp3\"; filename*=UTF-8''Caf%C3%A9%20Noir.mp3", "Café Noir.mp3")]
    [InlineData("attachment; filename*=UTF-8''Caf%C3%A9%20Noir.mp3; filename=\"Caf_ Noir.mp3\"", "Café Noir.mp3")]
    [InlineData("attachment; filename*=utf-8'en'%E6%9D%B1%E4%BA%AC.mp3", "東京.mp3")]
    [InlineData("attachment; FILENAME*=UTF-8''a%2Fb.mp3", "a/b.mp3")]
    [InlineData("attachment; filename*=ISO-8859-1''caf%E9.mp3", "café.mp3")]
    [InlineData("attachment; filename*=UTF-8''plain-ascii.mp3", "plain-ascii.mp3")]
    public void Prefers_filename_star_and_percent_decodes_it(string header, string expected)
    {
        Assert.Equal(expected, ContentDispositionFileName.Parse(header));
    }

    [Theory]
    [InlineData("attachment; filename=\"fallback.mp3\"; filename*=UTF-8''bad%C3", "fallback.mp3")]
    [InlineData("attachment; filename=\"fallback.mp3\"; filename*=UTF-8''bad%ZZ", "fallback.mp3")]
    [InlineData("attachment; filename=\"fallback.mp3\"; filename*=UTF-8''%FF%FE", "fallback.mp3")]
    [InlineData("attachment; filename=\"fallback.mp3\"; filename*=KOI8-R''%C1", "fallback.mp3")]
    [InlineData("attachment; filename=\"fallback.mp3\"; filename*=no-quotes.mp3", "fallback.mp3")]
    [InlineData("attachment; filename=\"fallback.mp3\"; filename*=UTF-8''", "fallback.mp3")]
    public void Falls_back_to_filename_when_filename_star_cannot_be_decoded(string header, string expected)
    {
        Assert.Equal(expected, ContentDispositionFileName.Parse(header));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("attachment")]
    [InlineData("attachment;")]
    [InlineData("attachment; size=10")]
    [InlineData("attachment; filename=\"\"")]
    [InlineData("attachment; filename*=UTF-8''%ZZ")]
    public void Missing_or_empty_names_give_null(string? header)
    {
        Assert.Null(ContentDispositionFileName.Parse(header));
    }

    [Fact]
    public void The_emulators_hostile_headers_end_up_as_safe_names()
    {
        // As the emulator sends them: the plain name with '_' for non-ASCII, plus filename* for non-ASCII titles.
        var header = "attachment; filename=\"..Dots.. and ../../etc/passwd.mp3\"";
        Assert.Equal("Dots. and ._._etc_passwd.mp3", SafeFileName.From(ContentDispositionFileName.Parse(header), "id"));
    }
}
