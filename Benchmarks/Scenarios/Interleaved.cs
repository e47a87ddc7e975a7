using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// Runs variants in turn, once per repetition (A B C A B C …), so that whatever the shared machine does
/// at some moment falls on all of them alike.
/// </summary>
internal static class Interleaved
{
    public static Task<List<Measurement>[]> RunAsync(ScenarioContext context, IReadOnlyList<Func<IWorkload>> variants, CancellationToken cancellationToken) =>
        RunAsync(context, [.. variants.Select(variant => (context.Runner, variant))], cancellationToken);

    /// <summary>The same, each variant measured by a runner of its own (a variant on another server side, such as a cluster).</summary>
    public static async Task<List<Measurement>[]> RunAsync(ScenarioContext context, IReadOnlyList<(LoadRunner Runner, Func<IWorkload> Load)> variants, CancellationToken cancellationToken)
    {
        var runs = variants.Select(_ => new List<Measurement>()).ToArray();
        for (var repetition = 0; repetition < context.Settings.Repetitions; repetition++)
        {
            for (var i = 0; i < variants.Count; i++)
            {
                runs[i].Add(context.Check(await variants[i].Runner.RunAsync(variants[i].Load(), cancellationToken)));
            }
        }

        return runs;
    }

    /// <summary>
    /// A table row of medians over the repetitions, then one cell per ratio column of the section (empty
    /// cells for a baseline's row).
    /// </summary>
    public static string[] Row(string label, string endpoint, IReadOnlyList<Measurement> runs, params string[] ratios) =>
    [
        label,
        endpoint,
        Format.Count(Stats.Median(runs.Select(r => r.PerServerCpuSecond))),
        Format.Count(Stats.Median(runs.Select(r => r.PerSecond))),
        Format.Milliseconds(Stats.Median(runs.Select(r => r.P50))),
        Format.Milliseconds(Stats.Median(runs.Select(r => r.P99))),
        Format.Milliseconds(Stats.Median(runs.Select(r => r.P999))),
        Format.Bytes(Stats.Median(runs.Select(r => r.AllocatedPerOperation))),
        Format.Collections(runs),
        .. ratios,
        Format.Notes(runs),
    ];

    /// <summary>The columns of <see cref="Row"/>, with a "÷ x" column per ratio the section reports.</summary>
    public static string[] Columns(params string[] ratioHeaders) =>
        ["load", "endpoint", "per server CPU-s", "per s", "p50", "p99", "p99.9", "server alloc / op", "GCs 0/1/2", .. ratioHeaders, "notes"];
}
