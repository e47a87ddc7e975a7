using System.Globalization;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>How figures look in the report.</summary>
internal static class Format
{
    public static string Count(double value) => double.IsNaN(value) ? "—" : value.ToString("N0", CultureInfo.InvariantCulture);

    public static string Ratio(double value) => double.IsNaN(value) ? "—" : value.ToString("0.00", CultureInfo.InvariantCulture);

    public static string Milliseconds(TimeSpan value) => value.TotalMilliseconds.ToString(value.TotalMilliseconds < 10 ? "0.00" : "0.0", CultureInfo.InvariantCulture) + " ms";

    /// <summary>The median, and in brackets the lowest and highest pair when there was more than one.</summary>
    public static string Ratio(PairedRatio ratio) => ratio.Low == ratio.High || double.IsNaN(ratio.Median)
        ? Ratio(ratio.Median)
        : $"{Ratio(ratio.Median)} ({Ratio(ratio.Low)}–{Ratio(ratio.High)})";

    public static string Bytes(double value) => double.IsNaN(value) ? "—" : value.ToString("N0", CultureInfo.InvariantCulture) + " B";

    public static string MiB(double bytes) => (bytes / (1024 * 1024)).ToString("0.0", CultureInfo.InvariantCulture) + " MiB";

    public static string Collections(IReadOnlyList<Measurement> runs) =>
        $"{runs.Sum(r => r.Gen0)}/{runs.Sum(r => r.Gen1)}/{runs.Sum(r => r.Gen2)}";

    /// <summary>Errors and client-bound runs among the repetitions, or nothing.</summary>
    public static string Notes(IReadOnlyList<Measurement> runs)
    {
        var notes = new List<string>();
        var bound = runs.Count(r => r.LoadGeneratorBound);
        if (bound > 0)
        {
            notes.Add($"client-bound {bound}/{runs.Count}");
        }

        var errors = runs.Sum(r => r.Errors);
        if (errors > 0)
        {
            notes.Add($"{errors} errors");
        }

        return string.Join(", ", notes);
    }
}
