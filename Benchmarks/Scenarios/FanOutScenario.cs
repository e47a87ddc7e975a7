using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// Group fan-out: deliveries per server CPU-second of a JSON-RPC group and of SignalR's
/// <c>Groups.SendAsync</c>, next to the raw echo's messages per server CPU-second (64 × 16).
/// </summary>
internal sealed class FanOutScenario : IScenario
{
    public string Name => "fan-out";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var window = context.Settings.FanOutWindow;
        var sizes = context.Settings.GroupSizes.Count > 0 ? [.. context.Settings.GroupSizes]
            : context.Settings.Quick ? new[] { 100, 1_000 } : [1_000, 10_000];
        var section = context.Report.AddSection(
            "Group fan-out",
            $"One publisher sends to a group of M members, keeping {window} messages on their way (the next goes when an earlier one has reached every member). Operations are deliveries; latency is from publish to the last member's delivery. The baseline is the raw echo at 64 × 16, in messages per server CPU-second: a fan-out writes the same bytes to many sockets, which an echo cannot.",
            Interleaved.Columns("÷ raw echo", "÷ SignalR"));
        var server = context.Server.Address;
        foreach (var members in sizes)
        {
            context.Log.WriteLine($"Fan-out to {members:N0} members");
            var runs = await Interleaved.RunAsync(
                context,
                [
                    () => new WebSocketRequestLoad(server, Endpoints.RawEcho, 64, 16),
                    () => new FanOutLoad(server, Endpoints.JsonRpc, members, window),
                    () => new FanOutLoad(server, Endpoints.SignalR, members, window),
                ],
                cancellationToken);
            var (echo, jsonRpc, signalR) = (runs[0], runs[1], runs[2]);
            var versusEcho = Stats.Ratio(jsonRpc, echo, m => m.PerServerCpuSecond);
            var versusSignalR = Stats.Ratio(jsonRpc, signalR, m => m.PerServerCpuSecond);
            var label = $"{members:N0} members";
            section.Add(Interleaved.Row(label, "raw echo 64 × 16", echo, "", ""));
            section.Add(Interleaved.Row(label, "**JSON-RPC group**", jsonRpc, Format.Ratio(versusEcho), Format.Ratio(versusSignalR)));
            section.Add(Interleaved.Row(label, "SignalR group", signalR, "", ""));
            // The targets are about a 10,000-member group at the default window (the largest group in --quick).
            if (members == context.Settings.Size(full: 10_000, quick: sizes[^1]) && window == BenchmarkSettings.DefaultFanOutWindow)
            {
                context.Report.SetFigure("fan-out.vs-echo", versusEcho.Median, Format.Ratio(versusEcho));
                context.Report.SetFigure("fan-out.vs-signalr", versusSignalR.Median, Format.Ratio(versusSignalR));
            }
        }
    }
}
