using System.Diagnostics;
using System.Globalization;
using OrleansRpc.Benchmarks.Cluster;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// Two Gateways in one Orleans cluster on Redis, next to the single embedded node the other scenarios
/// measure: fan-out with the members split over both nodes against the same group on one; a call whose
/// grain lives on the other node against one whose grain lives on the node called; the publish-to-last
/// latency of a group split over two nodes at a moderate rate; and, last, how long the cluster takes to
/// declare a node killed with SIGKILL dead, and how many calls on the survivor that need only it fail meanwhile.
/// </summary>
internal sealed class ClusterScenario : IScenario
{
    private const int PlacedKeys = 8;

    // Clients calling the surviving node while the other is killed.
    private const int SurvivorWorkers = 8;

    // Publishers of the judged fan-out: as many as the window, so the window is parallelism (see FanOutLoad).
    private const int Publishers = BenchmarkSettings.DefaultFanOutWindow;

    public string Name => "cluster";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var settings = context.Settings;

        // A full run measures Orleans's default failure detection, which is what a deployment gets; --quick
        // shortens it as the tests do, since its numbers mean nothing anyway.
        string[] membership = settings.Quick
            ? ["--Orleans:ClusterMembership:ProbeTimeout=00:00:01", "--Orleans:ClusterMembership:NumMissedProbesLimit=2"]
            : [];
        await using var cluster = await ClusterServers.StartAsync(2, membership);
        var clusterRunner = new LoadRunner(cluster, settings, context.Log);
        var nodes = cluster.Nodes.Select(node => node.Address).ToArray();
        context.Log.WriteLine($"Cluster nodes {string.Join(", ", cluster.Nodes.Select(n => $"{n.Pid} at {n.Address}"))}");

        var section = context.Report.AddSection(
            "Cluster: two Gateways on Redis",
            "Two benchmark servers in one Orleans cluster on a local redis-server (each a Gateway with its silo), next to the single embedded server of the other sections. *Per server CPU-second* counts both cluster processes. Fan-out: as above (16 on their way), the members split evenly over the two nodes and the publishers spread over them in turn; its baseline is the same group on the single node. The open-loop rows publish on a schedule instead, so that both topologies do the same work. Calls: 64 connections × 16 in flight to the first node, calling `bench.subtract_on` (the calculator's subtraction in a grain keyed by a parameter), whose grains the scenario placed on the first node or on the second; the ratio is the remote call's cost ÷ the local one's.",
            Interleaved.Columns("ratio"));

        var sizes = settings.GroupSizes.Count > 0 ? [.. settings.GroupSizes] : settings.Quick ? new[] { 100 } : [1_000, 10_000];
        foreach (var members in sizes)
        {
            foreach (var publishers in new[] { 1, Publishers })
            {
                context.Log.WriteLine($"Fan-out to {members:N0} members from {publishers} publishers, one node and two");
                var runs = await Interleaved.RunAsync(
                    context,
                    [
                        (context.Runner, () => new FanOutLoad([context.Server.Address], Endpoints.JsonRpc, members, BenchmarkSettings.DefaultFanOutWindow, publishers: publishers)),
                        (clusterRunner, () => new FanOutLoad(nodes, Endpoints.JsonRpc, members, BenchmarkSettings.DefaultFanOutWindow, publishers: publishers)),
                    ],
                    cancellationToken);
                var (single, split) = (runs[0], runs[1]);
                var ratio = Stats.Ratio(split, single, m => m.PerServerCpuSecond);
                var label = $"{members:N0} members, {publishers} publisher{(publishers == 1 ? "" : "s")}";
                section.Add(Interleaved.Row(label, "one node", single, ""));
                section.Add(Interleaved.Row(label, "**two nodes, members split** (÷ one node)", split, Format.Ratio(ratio)));
                if (members == sizes[0] && publishers == Publishers)
                {
                    context.Report.SetFigure("cluster.fan-out-split", ratio.Median, Format.Ratio(ratio));
                }
            }
        }

        context.Log.WriteLine("Calls to a grain on the node called, and on the other");
        await PlaceAsync(cluster, "local", cluster.Nodes[0]);
        await PlaceAsync(cluster, "remote", cluster.Nodes[1]);
        var calls = await Interleaved.RunAsync(
            context,
            [
                (clusterRunner, () => new WebSocketRequestLoad(nodes[0], new PlacedCallWire("grain on the node called", Keys("local")), 64, 16)),
                (clusterRunner, () => new WebSocketRequestLoad(nodes[0], new PlacedCallWire("grain on the other node", Keys("remote")), 64, 16)),
            ],
            cancellationToken);
        var (local, remote) = (calls[0], calls[1]);
        var cost = Stats.Ratio(local, remote, m => m.PerServerCpuSecond);
        section.Add(Interleaved.Row("64 × 16", "grain on the node called", local, ""));
        section.Add(Interleaved.Row("64 × 16", "**grain on the other node** (cost ÷ local)", remote, Format.Ratio(cost)));
        context.Report.SetFigure("cluster.remote-call-cost", cost.Median, Format.Ratio(cost));

        var rate = settings.Quick ? 20 : 50;
        var latencyMembers = settings.Quick ? 100 : 1_000;

        // One node and the split group at one offered load, interleaved: two rows; the split's runs.
        async Task<List<Measurement>> AtRateAsync(string label, int publishRate, int publishers)
        {
            var runs = await Interleaved.RunAsync(
                context,
                [
                    (context.Runner, () => new FanOutLoad([context.Server.Address], Endpoints.JsonRpc, latencyMembers, 256, publishRate: publishRate, publishers: publishers)),
                    (clusterRunner, () => new FanOutLoad(nodes, Endpoints.JsonRpc, latencyMembers, 256, publishRate: publishRate, publishers: publishers)),
                ],
                cancellationToken);
            var ratio = Stats.Ratio(runs[1], runs[0], m => m.PerServerCpuSecond);
            section.Add(Interleaved.Row(label, $"one node, {publishRate} publishes/s (open loop)", runs[0], ""));
            section.Add(Interleaved.Row(label, $"**two nodes, {publishRate} publishes/s** (open loop; ÷ one node)", runs[1], Format.Ratio(ratio)));
            return runs[1];
        }

        context.Log.WriteLine($"Publish to last delivery, {latencyMembers:N0} members over two nodes at {rate}/s");
        var paced = await AtRateAsync($"{latencyMembers:N0} members", rate, publishers: 1);
        var p99 = Stats.Median(paced.Select(m => m.P99));
        context.Report.SetFigure("cluster.publish-p99", p99.TotalMilliseconds, Format.Milliseconds(p99));

        // The closed loop above runs each topology as fast as the machine lets it, and a slower run puts
        // fewer notifications in each system call, so it also costs more per delivery; at one offered load
        // the two pay for the same work. Information, not a target (Findings.md, "Two Gateways on Redis").
        var highRate = settings.Quick ? 40 : 400;
        context.Log.WriteLine($"Fan-out at one offered load, {latencyMembers:N0} members from {Publishers} publishers at {highRate}/s");
        await AtRateAsync($"{latencyMembers:N0} members, {Publishers} publishers", highRate, Publishers);

        var (detection, traffic) = await KillUnderTrafficAsync(cluster);
        var configured = settings.Quick ? "probe timeout 1 s, 2 missed probes" : "Orleans's defaults (probe timeout 5 s, 3 missed probes)";
        context.Log.WriteLine($"The survivor declared the killed node dead {detection.TotalSeconds:0.0} s after SIGKILL ({configured})");
        section.Notes.Add($"Failure detection: the surviving node declared the node killed with SIGKILL dead after {detection.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s, with {configured} and its check of the others' ports every 0.5 s; `Orleans:DeadNodeCheckPeriod` and `Orleans:ClusterMembership` set them (README, \"A cluster on Redis\").");
        context.Report.SetFigure("cluster.failure-detection", detection.TotalSeconds, $"{detection.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");

        var failedShare = traffic.Calls == 0 ? double.NaN : (double)traffic.Failed / traffic.Calls;
        var failures = traffic.Failed == 0 ? "none failed" : string.Join("; ", traffic.Failures.Select(f => $"{f.Value} × {f.Key}"));
        context.Log.WriteLine($"Calls on the survivor from the kill until a second after the death was declared: {traffic.Calls:N0}, {failures}");
        section.Notes.Add($"During the kill: {SurvivorWorkers} clients on the surviving node, each opening a new WebSocket per round and calling `notify.me` (its connection's grain), `subtract` (a stateless worker) and `bench.subtract_on` (a grain placed on the survivor), made {traffic.Calls:N0} calls from the SIGKILL until a second after the death was declared: {failures}.");
        context.Report.SetFigure("cluster.kill-failed-calls", failedShare, $"{traffic.Failed} of {traffic.Calls:N0}");
    }

    private static string[] Keys(string prefix) => [.. Enumerable.Range(0, PlacedKeys).Select(i => $"{prefix}-{i}")];

    private static async Task PlaceAsync(ClusterServers cluster, string prefix, ServerProcess node)
    {
        foreach (var key in Keys(prefix))
        {
            if (!(await cluster.CallAsync(node, "bench.place_here", key)).GetBoolean())
            {
                throw new InvalidOperationException($"The grain {key} did not activate on {node.Address}.");
            }
        }
    }

    /// <summary>
    /// From SIGKILL of the second node to the first's view having it dead (a call the first answers then),
    /// with clients calling the first all along; their calls are counted from the kill until a second after.
    /// </summary>
    private static async Task<(TimeSpan Detection, SurvivorTraffic Traffic)> KillUnderTrafficAsync(ClusterServers cluster)
    {
        var traffic = new SurvivorTraffic(cluster.Nodes[0].Address, Keys("local")[0]);
        using var stop = new CancellationTokenSource();
        var running = traffic.RunAsync(SurvivorWorkers, stop.Token);
        await traffic.Flowing.WaitAsync(TimeSpan.FromSeconds(30));

        // Whether the call reaches the survivor just before the kill or just after, it answers when the
        // survivor's view first has the node dead (it looks at the view it finds, then at each update).
        var answered = cluster.CallAsync(cluster.Nodes[0], "bench.await_other_dead");
        traffic.StartCounting();
        var killed = Stopwatch.GetTimestamp();
        cluster.Nodes[1].Kill();
        await answered;
        var detection = Stopwatch.GetElapsedTime(killed);

        // A second more: a call that waited on the death is answered by then.
        await Task.Delay(TimeSpan.FromSeconds(1));
        traffic.StopCounting();
        await stop.CancelAsync();
        await running;
        return (detection, traffic);
    }
}
