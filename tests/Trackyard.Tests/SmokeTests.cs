namespace Trackyard.Tests;

public class SmokeTests
{
    [Fact]
    public void ErrorRecordCanBeBuilt() =>
        Assert.Equal("x", new System.Management.Automation.ErrorRecord(new Exception("m"), "x", System.Management.Automation.ErrorCategory.NotSpecified, null).FullyQualifiedErrorId);
}
