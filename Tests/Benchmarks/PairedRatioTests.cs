using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Scenarios;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>The report's ratios: pairs made repetition by repetition, their median, and the range shown beside it.</summary>
public sealed class PairedRatioTests
{
    [Fact]
    public void EachRepetitionIsDividedByItsOwnBaselineAndTheMedianAndRangeAreKept()
    {
        // Subject ÷ baseline per repetition: 2.0, 0.5, 1.0, 4.0. A ratio of medians would be 150 ÷ 75 = 2.0.
        var subject = Runs(200, 50, 100, 400);
        var baseline = Runs(100, 100, 100, 100);

        var ratio = Stats.Ratio(subject, baseline, m => m.PerServerCpuSecond);

        Assert.Equal(new PairedRatio(1.5, 0.5, 4.0), ratio);
        Assert.Equal("1.50 (0.50–4.00)", Format.Ratio(ratio));
    }

    [Fact]
    public void OneRepetitionShowsNoRange()
    {
        var ratio = Stats.Ratio(Runs(90), Runs(100), m => m.PerServerCpuSecond);

        Assert.Equal("0.90", Format.Ratio(ratio));
    }

    [Fact]
    public void NoRepetitionsIsShownAsMissingRatherThanAsANumber()
    {
        var ratio = Stats.Ratio(Runs(), Runs(), m => m.PerServerCpuSecond);

        Assert.True(double.IsNaN(ratio.Median));
        Assert.Equal("—", Format.Ratio(ratio));
    }

    /// <summary>One-second windows of one server CPU-second each, so operations are the figure itself.</summary>
    private static Measurement[] Runs(params long[] operations) =>
    [
        .. operations.Select(count => new Measurement(
            "test", TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1), TimeSpan.Zero, count, 0, null,
            TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero, 0, 0, 0, 0, new Dictionary<string, int>())),
    ];
}
