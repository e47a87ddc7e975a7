using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// A group where some members stop reading, while other connections make calls: the server's memory
/// must stay bounded and everyone else's latency must not suffer. Run with and without the slow members,
/// interleaved; measured from the start, since the interesting part is before the slow members are closed.
/// </summary>
internal sealed class SlowConsumerScenario : IScenario
{
    private const int Padding = 2048;

    public string Name => "slow-consumer";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var members = context.Settings.Size(200, 50);
        var slow = context.Settings.Size(20, 5);
        var callers = 16;
        var duration = context.Settings.Quick ? TimeSpan.FromSeconds(2) : TimeSpan.FromSeconds(10);
        var section = context.Report.AddSection(
            "Slow consumers",
            $"A JSON-RPC group of {members} reading members gets ~2 KiB notifications as fast as they read them (16 on their way), while {callers} other connections make `subtract` calls. In the second variant {slow} more members join and never read again (4 KiB socket receive buffer). With the default policy (close with 1008 once 1,024 notifications wait) the server must drop them, hold bounded memory meanwhile, and nobody else may notice. Measured over {duration.TotalSeconds:0} s from the start.",
            "variant", "deliveries / s", "publish→last p99", "calls p99", "managed heap before → after (forced GC)", "heap peak (sampled)", "slow consumers closed", "notes");
        var server = context.Server.Address;
        var rows = new Dictionary<int, List<(Measurement FanOut, Measurement Calls, long HeapBefore, long HeapAfter, long HeapPeak, long Closed)>> { [0] = [], [slow] = [] };
        for (var repetition = 0; repetition < context.Settings.Repetitions; repetition++)
        {
            foreach (var slowMembers in new[] { 0, slow })
            {
                context.Log.WriteLine($"Slow consumers: {slowMembers} of {members + slowMembers}");
                var before = await context.Server.SnapshotAsync(collect: true);
                await using var fanOut = new FanOutLoad(server, Endpoints.JsonRpc, members, window: 16, slowMembers, Padding);
                await using var calls = new WebSocketRequestLoad(server, Endpoints.JsonRpc, callers, 1);
                await calls.StartAsync(cancellationToken);
                await fanOut.StartAsync(cancellationToken);
                using var sampling = new CancellationTokenSource();
                var peak = SamplePeakHeapAsync(context.Server, sampling.Token);
                var measuring = context.Runner.MeasureAsync(calls, duration, cancellationToken);
                var fanOutMeasurement = context.Check(await context.Runner.MeasureAsync(fanOut, duration, cancellationToken));
                var callsMeasurement = context.Check(await measuring);
                await sampling.CancelAsync();
                var after = await context.Server.SnapshotAsync(collect: true);
                rows[slowMembers].Add((fanOutMeasurement, callsMeasurement, before.HeapBytes, after.HeapBytes, await peak, after.SlowConsumersClosed - before.SlowConsumersClosed));
                context.Log.WriteLine($"  deliveries/s {fanOutMeasurement.PerSecond:N0}, calls p99 {callsMeasurement.P99.TotalMilliseconds:0.00} ms, closed {after.SlowConsumersClosed - before.SlowConsumersClosed}, heap {before.HeapBytes / 1048576.0:0.0} → {after.HeapBytes / 1048576.0:0.0} MiB, peak {await peak / 1048576.0:0.0} MiB");
            }
        }

        foreach (var (slowMembers, runs) in rows)
        {
            section.Add(
                slowMembers == 0 ? $"{members} reading" : $"{members} reading + {slowMembers} not reading",
                Format.Count(Stats.Median(runs.Select(r => r.FanOut.PerSecond))),
                Format.Milliseconds(Stats.Median(runs.Select(r => r.FanOut.P99))),
                Format.Milliseconds(Stats.Median(runs.Select(r => r.Calls.P99))),
                $"{Format.MiB(Stats.Median(runs.Select(r => (double)r.HeapBefore)))} → {Format.MiB(Stats.Median(runs.Select(r => (double)r.HeapAfter)))}",
                Format.MiB(Stats.Median(runs.Select(r => (double)r.HeapPeak))),
                $"{runs.Sum(r => r.Closed)} of {slowMembers * runs.Count}",
                Format.Notes([.. runs.Select(r => r.FanOut), .. runs.Select(r => r.Calls)]));
        }

        var healthy = rows[0];
        var withSlow = rows[slow];
        var latencyRatio = Stats.Ratio(withSlow.Select(s => s.Calls.P99.TotalMilliseconds), healthy.Select(h => h.Calls.P99.TotalMilliseconds));
        var fanOutRatio = Stats.Ratio(withSlow.Select(s => s.FanOut.P99.TotalMilliseconds), healthy.Select(h => h.FanOut.P99.TotalMilliseconds));
        section.Notes.Add($"With slow members, others' call p99 was {Format.Ratio(latencyRatio)} and the reading members' publish→last p99 {Format.Ratio(fanOutRatio)} times what they were without (median of per-repetition ratios, their range in brackets).");
    }

    private static async Task<long> SamplePeakHeapAsync(ServerProcess server, CancellationToken stop)
    {
        long peak = 0;
        try
        {
            while (true)
            {
                peak = Math.Max(peak, (await server.SnapshotAsync()).HeapBytes);
                await Task.Delay(TimeSpan.FromMilliseconds(250), stop);
            }
        }
        catch (OperationCanceledException)
        {
            return peak;
        }
    }
}
