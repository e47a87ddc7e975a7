namespace OrleansRpc.Benchmarks.Load;

internal static class Stats
{
    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var middle = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
    }

    public static TimeSpan Median(IEnumerable<TimeSpan> values) => TimeSpan.FromTicks((long)Median(values.Select(v => (double)v.Ticks)));

    /// <summary>Per-repetition ratios, each comparing runs made next to each other, and their median and range.</summary>
    public static PairedRatio Ratio(IReadOnlyList<Measurement> subject, IReadOnlyList<Measurement> baseline, Func<Measurement, double> figure) =>
        Ratio(subject.Select(figure), baseline.Select(figure));

    /// <summary>The same for figures already taken: the i-th subject is divided by the i-th baseline.</summary>
    public static PairedRatio Ratio(IEnumerable<double> subject, IEnumerable<double> baseline)
    {
        var ratios = subject.Zip(baseline, (s, b) => s / b).Where(r => !double.IsNaN(r)).ToArray();
        return ratios.Length == 0
            ? new PairedRatio(double.NaN, double.NaN, double.NaN)
            : new PairedRatio(Median(ratios), ratios.Min(), ratios.Max());
    }
}
