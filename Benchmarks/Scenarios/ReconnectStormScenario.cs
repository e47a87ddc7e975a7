using System.Diagnostics;
using System.Globalization;
using OrleansRpc.Benchmarks.Cluster;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// Two Gateways on Redis; 10,000 browser clients, each a member of a group, on the second. The second is
/// killed with SIGKILL: its clients reconnect to the first with the browser client's backoff and jitter
/// and join their groups again (<see cref="StormClient"/>). Meanwhile clients already on the first call
/// <c>subtract</c> at a steady rate, from this process; the storm's clients are a process of their own
/// (<see cref="StormClients"/>). Reported: the time until every client is back, and the p99 of the
/// steady clients' calls during the storm ÷ the same calls just before it.
/// </summary>
internal sealed class ReconnectStormScenario : IScenario
{
    private const int Groups = 100;
    private const int SteadyConnections = 64;
    private const double SteadyRate = 2_000;

    /// <summary>Clients that join on the survivor and leave before the storm, so that its connect path has run before (StormClients).</summary>
    private const int WarmClients = 2_000;
    private static readonly TimeSpan s_calm = TimeSpan.FromSeconds(5);

    public string Name => "reconnect-storm";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var clients = context.Settings.Quick ? 1_000 : 10_000;
        await using var cluster = await ClusterServers.StartAsync(2);
        var (survivor, doomed) = (cluster.Nodes[0], cluster.Nodes[1]);
        var survivorSocket = ClientSockets.WebSocketUri(survivor.Address, "/ws");

        // The storm's clients are a process of their own, as browsers are (StormClients).
        context.Log.WriteLine($"Reconnect storm: {clients:N0} members of {Groups} groups join on {doomed.Address}");
        var doomedSocket = ClientSockets.WebSocketUri(doomed.Address, "/ws");
        await using var storm = SelfStart.Start("storm", doomedSocket.ToString(), survivorSocket.ToString(), clients.ToString(CultureInfo.InvariantCulture), Groups.ToString(CultureInfo.InvariantCulture), WarmClients.ToString(CultureInfo.InvariantCulture));
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

        var gcBefore = await survivor.SnapshotAsync();
        var cpuBefore = survivor.CpuTime();
        var killed = Stopwatch.GetTimestamp();
        doomed.Kill();
        var back = (await storm.WaitForLineAsync(l => l.StartsWith("back ", StringComparison.Ordinal), TimeSpan.FromMinutes(3))).Split(' ');
        var recovery = Stopwatch.GetElapsedTime(killed);
        var stormEnd = steady.Counters.Latency.Snapshot();
        var cpuAfter = survivor.CpuTime();
        var gcAfter = await survivor.SnapshotAsync();
        var survivorCpu = cpuAfter - cpuBefore;
        var gcPauses = gcAfter.GcPause - gcBefore.GcPause;
        var collections = $"{gcAfter.Gen0Collections - gcBefore.Gen0Collections}/{gcAfter.Gen1Collections - gcBefore.Gen1Collections}/{gcAfter.Gen2Collections - gcBefore.Gen2Collections}";
        context.Log.WriteLine($"Reconnect storm: survivor CPU {survivorCpu.TotalSeconds:0.00} s, GCs {collections}, allocated {(gcAfter.AllocatedBytes - gcBefore.AllocatedBytes) / 1e6:0} MB, GC pauses {gcPauses.TotalMilliseconds:0} ms");
        var steadyErrors = steady.Counters.Errors - errorsBefore;
        storm.CloseInput();
        await storm.ExitCodeAsync(TimeSpan.FromMinutes(1));

        var calmP99 = LatencyHistogram.Percentile(calmStart, calmEnd, 99);
        var stormP99 = LatencyHistogram.Percentile(calmEnd, stormEnd, 99);
        var ratio = calmP99 > TimeSpan.Zero ? stormP99 / calmP99 : double.NaN;
        context.Log.WriteLine($"Reconnect storm: all {clients:N0} back {recovery.TotalSeconds:0.0} s after SIGKILL; steady p99 {Format.Milliseconds(calmP99)} before, {Format.Milliseconds(stormP99)} during ({steadyErrors} errors)");

        var section = context.Report.AddSection(
            "Cluster: reconnect storm",
            $"Two Gateways on Redis. {clients:N0} WebSockets on the second, each a member of one of {Groups} groups, when it is killed with SIGKILL: each reconnects to the first with the browser client's backoff (250 ms doubling to 10 s, each delay up to half shorter at random) and joins its group again (the storm's clients run in a process of their own; before, {WarmClients:N0} of them joined on the first and left, since a node in production has taken connections before, and one that has not spends a storm compiling its connect path). Meanwhile {SteadyConnections} connections already on the first call `subtract` at {SteadyRate:N0}/s in all (open loop); their p99 over {s_calm.TotalSeconds:0} s just before the kill is the baseline of their p99 from the kill until the last storm client is back.",
            "", "value");
        section.Add($"time from SIGKILL until all {clients:N0} are back (joined again)", $"{recovery.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s");
        section.Add("connection attempts per storm client", $"median {back[2]}, most {back[3]}");
        section.Add("steady clients' p99 before the storm", Format.Milliseconds(calmP99));
        section.Add("steady clients' p99 during the storm", Format.Milliseconds(stormP99));
        section.Add("**p99 during ÷ before**", Format.Ratio(ratio));
        section.Add("steady clients' errors during the storm", steadyErrors.ToString("N0", CultureInfo.InvariantCulture));
        section.Add("survivor's CPU time from SIGKILL until all are back, per storm client", $"{survivorCpu.TotalSeconds.ToString("0.00", CultureInfo.InvariantCulture)} s, {Format.Count(survivorCpu.TotalMicroseconds / clients)} µs");
        section.Add("survivor's GCs (gen 0/1/2) and their pauses meanwhile", $"{collections}, {Format.Milliseconds(gcPauses)}");
        context.Report.SetFigure("storm.recovery", recovery.TotalSeconds, $"{recovery.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture)} s for {clients:N0}");
        context.Report.SetFigure("storm.p99-ratio", ratio, $"{Format.Ratio(ratio)} ({Format.Milliseconds(stormP99)} ÷ {Format.Milliseconds(calmP99)})");
        context.Report.SetFigure("storm.steady-errors", steadyErrors, steadyErrors.ToString("N0", CultureInfo.InvariantCulture));
    }
}
