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

    /// <summary>The median of per-repetition ratios: each ratio compares runs made next to each other.</summary>
    public static double MedianRatio(IReadOnlyList<Measurement> subject, IReadOnlyList<Measurement> baseline, Func<Measurement, double> figure) =>
        Median(subject.Zip(baseline, (s, b) => figure(s) / figure(b)));
}
