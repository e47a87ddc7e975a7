using System.Diagnostics;
using System.Globalization;
using OrleansRpc.Benchmarks.Cluster;
using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// Two Gateways on Redis; 10,000 browser clients, each a member of a group, on the second. The second is
/// killed with SIGKILL: its clients reconnect to the first with the browser client's backoff and jitter
/// and join their groups again (<see cref="StormClient"/>). Meanwhile clients already on the first call
/// <c>subtract</c> at a steady rate, from this process; the storm's clients are a process of their own
/// (<see cref="StormClients"/>). Reported: the time until every client is back, and the p99 of the
/// steady clients' calls during the storm ÷ the same calls just before it; and, as its baseline, the same
/// herd arriving at a raw Kestrel WebSocket echo on the survivor instead, which is what the platform alone
/// costs the steady clients on this machine.
/// </summary>
internal sealed class ReconnectStormScenario : IScenario
{
    private const int Groups = 100;
    private const int SteadyConnections = 64;
    private const double SteadyRate = 2_000;

    /// <summary>The pace of the paced storm (<c>JsonRpcOptions.MaxNewConnectionsPerSecond</c>): 10,000 clients come back in 40 s.</summary>
    private const int Pace = 250;

    /// <summary>Clients that join on the survivor and leave before the storm, so that its connect path has run before (StormClients).</summary>
    private const int WarmClients = 2_000;
    private static readonly TimeSpan s_calm = TimeSpan.FromSeconds(5);

    public string Name => "reconnect-storm";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var clients = context.Settings.Quick ? 1_000 : 10_000;
        var openingLimit = 4 * Environment.ProcessorCount;
        var storm = await StormAsync(context, clients, rawEcho: false, openingLimit: 0, pace: 0, cancellationToken);
        var opened = await StormAsync(context, clients, rawEcho: false, openingLimit, pace: 0, cancellationToken);
        var paced = await StormAsync(context, clients, rawEcho: false, openingLimit: 0, Pace, cancellationToken);
        var baseline = await StormAsync(context, clients, rawEcho: true, openingLimit: 0, pace: 0, cancellationToken);

        var section = context.Report.AddSection(
            "Cluster: reconnect storm",
            $"Two Gateways on Redis. {clients:N0} WebSockets on the second, each a member of one of {Groups} groups, when it is killed with SIGKILL: each reconnects to the first with the browser client's backoff (250 ms doubling to 10 s, each delay up to half shorter at random) and joins its group again (the storm's clients run in a process of their own; before, {WarmClients:N0} of them joined on the first and left, since a node in production has taken connections before, and one that has not spends a storm compiling its connect path). Meanwhile {SteadyConnections} connections already on the first call `subtract` at {SteadyRate:N0}/s in all (open loop); their p99 over {s_calm.TotalSeconds:0} s just before the kill is the baseline of their p99 from the kill until the last storm client is back. The second storm is the same with the nodes' `JsonRpcOptions.MaxOpeningConnections` set (off by default): at most that many connections between their first bytes and their first answer at once, node-wide. The third paces the herd instead, with `JsonRpcOptions.MaxNewConnectionsPerSecond` (off by default): at most {Pace} new connections a second, node-wide, the others waiting for their turn in the listen backlog, not accepted. The baseline storm is the same herd reconnecting to a raw Kestrel WebSocket echo on the survivor (`{BenchmarkServer.EchoPath}`, no JSON-RPC, no grain) and sending it the same message: what {clients:N0} new WebSockets arriving at once cost the steady clients before anything of this framework runs.",
            "", "JSON-RPC (`group.join`), as configured by default", $"JSON-RPC, `MaxOpeningConnections` = {openingLimit} (4 a core)", $"JSON-RPC, `MaxNewConnectionsPerSecond` = {Pace}", "baseline: raw WebSocket echo");
        StormResult[] storms = [storm, opened, paced, baseline];
        void Row(string label, Func<StormResult, string> cell) => section.Add([label, .. storms.Select(cell)]);
        Row($"time from SIGKILL until all {clients:N0} are back (joined again, or echoed)", r => Seconds(r.Recovery));
        Row("connection attempts per storm client", r => $"median {r.MedianAttempts}, most {r.MostAttempts}");
        Row("steady clients' p99 before the storm", r => Format.Milliseconds(r.CalmP99));
        Row("steady clients' p99 during the storm", r => Format.Milliseconds(r.StormP99));
        Row("**p99 during ÷ before**", r => Format.Ratio(r.Ratio));
        Row("steady clients' errors during the storm", r => Count(r.SteadyErrors));
        Row("survivor's CPU time from SIGKILL until all are back, per storm client", r => Cpu(r, clients));
        Row("survivor's bytes allocated meanwhile, per storm client", r => Count(r.AllocatedBytes / clients) + " B");
        Row("survivor's GCs (gen 0/1/2) and their pauses meanwhile", r => $"{r.Collections}, {Format.Milliseconds(r.GcPauses)}");
        Row("grain calls the survivor made again because they never reached their grain (the killed node's, until its death was declared)", r => Count(r.RetriedCalls));
        context.Report.SetFigure("storm.recovery", storm.Recovery.TotalSeconds, $"{Seconds(storm.Recovery)} for {clients:N0}");
        context.Report.SetFigure("storm.p99-ratio", storm.Ratio, $"{Format.Ratio(storm.Ratio)} ({Format.Milliseconds(storm.StormP99)} ÷ {Format.Milliseconds(storm.CalmP99)}); with `MaxOpeningConnections` = {openingLimit}: {Format.Ratio(opened.Ratio)}; the raw WebSocket echo's herd: {Format.Ratio(baseline.Ratio)}");
        context.Report.SetFigure("storm.p99-ratio-paced", paced.Ratio, $"{Format.Ratio(paced.Ratio)} ({Format.Milliseconds(paced.StormP99)} ÷ {Format.Milliseconds(paced.CalmP99)}), all back after {Seconds(paced.Recovery)}");
        context.Report.SetFigure("storm.p99-ratio-opening", opened.Ratio, $"{Format.Ratio(opened.Ratio)} ({Format.Milliseconds(opened.StormP99)} ÷ {Format.Milliseconds(opened.CalmP99)}), all back after {Seconds(opened.Recovery)}");
        context.Report.SetFigure("storm.steady-errors", storm.SteadyErrors, Count(storm.SteadyErrors));
    }

    /// <summary>One storm on a cluster of its own: the herd rejoins on the survivor's JSON-RPC endpoint, or sends its message to the raw echo there.</summary>
    /// <param name="openingLimit">The nodes' <c>JsonRpcOptions.MaxOpeningConnections</c>; zero for none.</param>
    /// <param name="pace">The nodes' <c>JsonRpcOptions.MaxNewConnectionsPerSecond</c>; zero for none.</param>
    private static async Task<StormResult> StormAsync(ScenarioContext context, int clients, bool rawEcho, int openingLimit, int pace, CancellationToken cancellationToken)
    {
        await using var cluster = await ClusterServers.StartAsync(2, $"--JsonRpc:MaxOpeningConnections={openingLimit}", $"--JsonRpc:MaxNewConnectionsPerSecond={pace}");
        var (survivor, doomed) = (cluster.Nodes[0], cluster.Nodes[1]);
        var survivorSocket = ClientSockets.WebSocketUri(survivor.Address, "/ws");
        var rejoin = rawEcho ? ClientSockets.WebSocketUri(survivor.Address, BenchmarkServer.EchoPath) : survivorSocket;

        // The storm's clients are a process of their own, as browsers are (StormClients).
        var variant = rawEcho ? " (baseline: raw echo)" : openingLimit > 0 ? $" (MaxOpeningConnections={openingLimit})" : pace > 0 ? $" (MaxNewConnectionsPerSecond={pace})" : "";
        context.Log.WriteLine($"Reconnect storm{variant}: {clients:N0} members of {Groups} groups join on {doomed.Address}");
        var doomedSocket = ClientSockets.WebSocketUri(doomed.Address, "/ws");
        await using var storm = SelfStart.Start("storm", doomedSocket.ToString(), rejoin.ToString(), clients.ToString(CultureInfo.InvariantCulture), Groups.ToString(CultureInfo.InvariantCulture), WarmClients.ToString(CultureInfo.InvariantCulture));
        var joined = await storm.WaitForLineAsync(l => l.StartsWith("joined ", StringComparison.Ordinal) || l.StartsWith("failed ", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        if (!joined.StartsWith("joined ", StringComparison.Ordinal))
        {
            throw new InvalidOperationException($"The storm's clients did not all join: {joined}");
        }

        await using var steady = new WebSocketRequestLoad(survivor.Address, Endpoints.JsonRpc, SteadyConnections, 1, rate: SteadyRate);
        await steady.StartAsync(cancellationToken);
        await Task.Delay(context.Settings.WarmUpWindow, cancellationToken);
        var calmStart = steady.Counters.Latency.Snapshot();
        await Task.Delay(s_calm, cancellationToken);
        var calmEnd = steady.Counters.Latency.Snapshot();
        var errorsBefore = steady.Counters.Errors;

        var before = await survivor.SnapshotAsync();
        var cpuBefore = survivor.CpuTime();
        var killed = Stopwatch.GetTimestamp();
        doomed.Kill();
        await using var timeline = LatencyTimeline.Start(steady.Counters.Latency);
        var back = (await storm.WaitForLineAsync(l => l.StartsWith("back ", StringComparison.Ordinal), TimeSpan.FromMinutes(3))).Split(' ');
        var recovery = Stopwatch.GetElapsedTime(killed);
        var stormEnd = steady.Counters.Latency.Snapshot();
        var survivorCpu = survivor.CpuTime() - cpuBefore;
        var after = await survivor.SnapshotAsync();
        var steadyErrors = steady.Counters.Errors - errorsBefore;
        var calmP99 = LatencyHistogram.Percentile(calmStart, calmEnd, 99);
        var slowWindows = await timeline.SlowWindowsAsync(5 * calmP99);
        storm.CloseInput();
        await storm.ExitCodeAsync(TimeSpan.FromMinutes(1));

        var result = new StormResult(
            recovery,
            back[2],
            back[3],
            calmP99,
            LatencyHistogram.Percentile(calmEnd, stormEnd, 99),
            steadyErrors,
            survivorCpu,
            $"{after.Gen0Collections - before.Gen0Collections}/{after.Gen1Collections - before.Gen1Collections}/{after.Gen2Collections - before.Gen2Collections}",
            after.GcPause - before.GcPause,
            after.AllocatedBytes - before.AllocatedBytes,
            after.RetriedCalls - before.RetriedCalls);
        context.Log.WriteLine($"Reconnect storm{variant}: all {clients:N0} back {recovery.TotalSeconds:0.0} s after SIGKILL; steady p99 {Format.Milliseconds(result.CalmP99)} before, {Format.Milliseconds(result.StormP99)} during ({steadyErrors} errors); survivor CPU {survivorCpu.TotalSeconds:0.00} s, GCs {result.Collections}, allocated {result.AllocatedBytes / 1e6:0} MB, GC pauses {result.GcPauses.TotalMilliseconds:0} ms, {result.RetriedCalls} calls made again; the 100 ms windows after SIGKILL whose slowest steady call took over 5 × the calm p99:\n{slowWindows}");
        return result;
    }

    private static string Seconds(TimeSpan time) => $"{time.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s";

    private static string Count(long count) => count.ToString("N0", CultureInfo.InvariantCulture);

    private static string Cpu(StormResult result, int clients) =>
        $"{result.SurvivorCpu.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s, {Format.Count(result.SurvivorCpu.TotalMicroseconds / clients)} µs";
}
