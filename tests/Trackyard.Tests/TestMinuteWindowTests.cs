namespace Trackyard.Tests;

/// <summary>TRACKYARD_MINUTE_WINDOW_SEC, the test-only minute window: a number above 0 and at most 60, else ignored.</summary>
public class TestMinuteWindowTests
{
    [Theory]
    [InlineData("2", 2.0)]
    [InlineData("0.5", 0.5)]
    [InlineData("60", 60.0)]
    public void A_positive_number_up_to_60_is_the_window_in_seconds(string text, double seconds) =>
        Assert.Equal(TimeSpan.FromSeconds(seconds), ConnectTrackyardCommand.ParseMinuteWindow(text));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("0")]
    [InlineData("-2")]
    [InlineData("61")]
    [InlineData("NaN")]
    [InlineData("Infinity")]
    [InlineData("two")]
    [InlineData("2,5")]
    public void Anything_else_is_ignored(string? text) => Assert.Null(ConnectTrackyardCommand.ParseMinuteWindow(text));
}
