using System.Text;

namespace Trackyard.Tests;

public class SafeFileNameTests
{
    private const string Id = "trk_abc123";

    [Theory]
    [InlineData("Neon Drive.mp3", "Neon Drive.mp3")]
    [InlineData("Neon Drive", "Neon Drive.mp3")]
    [InlineData("Neon Drive.MP3", "Neon Drive.mp3")]
    [InlineData("a/b.mp3", "a_b.mp3")]
    [InlineData("Rise/Fall (Side A/Side B).mp3", "Rise_Fall (Side A_Side B).mp3")]
    [InlineData("Back\\Slash Blues.mp3", "Back_Slash Blues.mp3")]
    [InlineData("..\\..\\x", "_._x.mp3")]
    [InlineData("../../etc/passwd", "_._etc_passwd.mp3")]
    [InlineData("..Dots.. and ../../etc/passwd.mp3", "Dots. and ._._etc_passwd.mp3")]
    [InlineData("C:evil.mp3", "C_evil.mp3")]
    [InlineData("Chapter 1: The Beginning.mp3", "Chapter 1_ The Beginning.mp3")]
    [InlineData("The \"Quoted\" Anthem.mp3", "The _Quoted_ Anthem.mp3")]
    [InlineData("Wild *Card* <Tags> | Pipes? CON.mp3", "Wild _Card_ _Tags_ _ Pipes_ CON.mp3")]
    [InlineData("tab\there\r\nnew\u0000line\u007f.mp3", "tab_here__new_line_.mp3")]
    [InlineData("  spaced out . . .mp3", "spaced out.mp3")]
    [InlineData("trailing dots...", "trailing dots.mp3")]
    [InlineData(".hidden.mp3", "hidden.mp3")]
    public void Hostile_names_become_one_safe_name(string candidate, string expected)
    {
        Assert.Equal(expected, SafeFileName.From(candidate, Id));
    }

    [Theory]
    [InlineData("CON", "_CON.mp3")]
    [InlineData("con.mp3", "_con.mp3")]
    [InlineData("nul.txt", "_nul.txt.mp3")]
    [InlineData("NUL .txt.mp3", "_NUL .txt.mp3")]
    [InlineData("Aux", "_Aux.mp3")]
    [InlineData("com1.mp3", "_com1.mp3")]
    [InlineData("LPT9.tar.gz", "_LPT9.tar.gz.mp3")]
    [InlineData("COM¹", "_COM¹.mp3")]
    [InlineData("CONIN$", "_CONIN$.mp3")]
    [InlineData("CONSOLE.mp3", "CONSOLE.mp3")]
    [InlineData("COM0.mp3", "COM0.mp3")]
    [InlineData("My CON", "My CON.mp3")]
    public void Windows_device_names_are_prefixed_also_with_extensions(string candidate, string expected)
    {
        Assert.Equal(expected, SafeFileName.From(candidate, Id));
    }

    [Theory]
    [InlineData("Café Noir — Ünïcode.mp3")]
    [InlineData("東京の夜 Tokyo Nights.mp3")]
    [InlineData("🎵 Emoji Beat.mp3")]
    public void Non_ascii_names_are_kept(string candidate)
    {
        Assert.Equal(candidate, SafeFileName.From(candidate, Id));
    }

    [Fact]
    public void Decomposed_unicode_is_composed()
    {
        Assert.Equal("Cafe\u0301.mp3".Normalize(NormalizationForm.FormC), SafeFileName.From("Cafe\u0301.mp3", Id));
    }

    [Fact]
    public void Bidi_controls_that_disguise_the_extension_are_dropped()
    {
        Assert.Equal("evilqgp.exe.mp3", SafeFileName.From("evil\u202Eqgp.exe.mp3", Id));
    }

    [Fact]
    public void A_lone_surrogate_is_replaced()
    {
        Assert.Equal("a_b.mp3", SafeFileName.From("a\uD800b.mp3", Id));
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("   ")]
    [InlineData(".mp3")]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("....")]
    [InlineData(". . .")]
    [InlineData("/")]
    [InlineData("\\\\")]
    [InlineData("???")]
    [InlineData("\u202E")]
    public void Nothing_usable_falls_back_to_the_id(string? candidate)
    {
        Assert.Equal("trk_abc123.mp3", SafeFileName.From(candidate, Id));
    }

    [Fact]
    public void The_fallback_id_is_made_safe_too()
    {
        Assert.Equal("_._x.mp3", SafeFileName.From(null, "../../x"));
        Assert.Equal("track.mp3", SafeFileName.From(null, ".."));
        Assert.Equal("track.mp3", SafeFileName.From("", ""));
    }

    [Fact]
    public void Long_ascii_names_are_capped_at_150_bytes_before_the_extension()
    {
        var name = SafeFileName.From(new string('x', 300) + ".mp3", Id);
        Assert.Equal(new string('x', 150) + ".mp3", name);
    }

    [Fact]
    public void Long_non_ascii_names_are_capped_in_utf8_bytes_without_splitting_a_character()
    {
        var name = SafeFileName.From(string.Concat(Enumerable.Repeat("東🎵", 100)), Id);
        var stem = name.Substring(0, name.Length - 4);
        Assert.EndsWith(".mp3", name);
        Assert.True(Encoding.UTF8.GetByteCount(stem) <= SafeFileName.MaxStemBytes);
        Assert.True(Encoding.UTF8.GetByteCount(stem) > SafeFileName.MaxStemBytes - 4);
        Assert.DoesNotContain('\uFFFD', Encoding.UTF8.GetString(Encoding.UTF8.GetBytes(stem)));
        Assert.False(char.IsHighSurrogate(stem[^1]));
    }

    [Fact]
    public void A_cut_that_ends_in_dots_or_spaces_is_trimmed()
    {
        var name = SafeFileName.From(new string('x', 148) + "  . yz", Id);
        Assert.Equal(new string('x', 148) + ".mp3", name);
    }

    [Fact]
    public void Every_result_is_a_single_name_without_reserved_characters()
    {
        var hostile = new[]
        {
            "a/b", "..\\..\\x", "C:evil", "\"quoted\"", "CON", "nul.txt", new string('y', 300), "Café", "", "....",
            "x<y>z:w\"v|u?t*s", "/etc/passwd", "\\\\server\\share\\f", "dir/../..", "\u0001\u001f",
        };
        foreach (var candidate in hostile)
        {
            var name = SafeFileName.From(candidate, Id);
            Assert.Equal(name, Path.GetFileName(name));
            Assert.DoesNotContain("..", name);
            Assert.True(name.IndexOfAny(new[] { '/', '\\', '<', '>', ':', '"', '|', '?', '*' }) < 0, name);
            Assert.DoesNotContain(name, c => char.IsControl(c));
            Assert.EndsWith(".mp3", name);
            Assert.False(name.StartsWith('.') || name.StartsWith(' '), name);
        }
    }
}
