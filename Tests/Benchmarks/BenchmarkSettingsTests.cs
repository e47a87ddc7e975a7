using OrleansRpc.Benchmarks;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>The benchmark's command line: the options that pick what is measured and how.</summary>
public sealed class BenchmarkSettingsTests
{
    [Fact]
    public void TheFanOutWindowDefaultsToTheOneTheTargetsAreJudgedAt()
    {
        Assert.Equal(BenchmarkSettings.DefaultFanOutWindow, BenchmarkSettings.Parse([]).FanOutWindow);
        Assert.Equal(16, BenchmarkSettings.DefaultFanOutWindow);
    }

    [Fact]
    public void WindowAndMembersAreTakenFromTheCommandLine()
    {
        var settings = BenchmarkSettings.Parse(["--scenario", "fan-out", "--members", "10000", "--window", "64"]);

        Assert.Equal(64, settings.FanOutWindow);
        Assert.Equal([10_000], settings.GroupSizes);
        Assert.True(settings.Runs("fan-out"));
        Assert.False(settings.Runs("websocket"));
    }

    [Fact]
    public void AWindowWithoutAValueIsRefusedWithTheOptionNamed()
    {
        var refused = Assert.Throws<ArgumentException>(() => BenchmarkSettings.Parse(["--window"]));

        Assert.Contains("--window", refused.Message, StringComparison.Ordinal);
    }
}
