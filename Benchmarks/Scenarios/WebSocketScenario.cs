using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// Request/response (<c>subtract</c>) over WebSocket against the raw echo ceiling, the echo that calls the
/// same grain once per message (Orleans's floor), and a SignalR hub calling that grain.
/// </summary>
internal sealed class WebSocketScenario : IScenario
{
    private static readonly (int Connections, int InFlight)[] s_loads = [(1, 1), (1, 16), (64, 1), (64, 16), (256, 1), (256, 16)];

    public string Name => "websocket";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var section = context.Report.AddSection(
            "Request/response over WebSocket",
            "`subtract` calls over N connections × K in flight, closed loop. Operations are calls. The raw echo returns the request bytes unchanged (the transport's ceiling); the echo + grain call does the same after one call to the demo's `[StatelessWorker]` calculator grain, the grain JSON-RPC's `subtract` reaches (what Orleans itself costs); the SignalR hub's `Subtract` calls that grain too. Ratios are JSON-RPC's per server CPU-second over each baseline's.",
            Interleaved.Columns("÷ echo + grain", "÷ raw echo", "÷ SignalR + grain"));
        var signalRRatios = new List<PairedRatio>();
        var gen2 = 0;
        var gen2Reasons = new SortedDictionary<string, int>(StringComparer.Ordinal);
        var loads = context.Settings.Loads.Count > 0 ? context.Settings.Loads : s_loads;
        foreach (var (connections, inFlight) in loads)
        {
            context.Log.WriteLine($"WebSocket, {connections} × {inFlight}");
            var server = context.Server.Address;
            var runs = await Interleaved.RunAsync(
                context,
                [
                    () => new WebSocketRequestLoad(server, Endpoints.RawEcho, connections, inFlight),
                    () => new WebSocketRequestLoad(server, Endpoints.EchoWithGrain, connections, inFlight),
                    () => new WebSocketRequestLoad(server, Endpoints.JsonRpc, connections, inFlight),
                    () => new WebSocketRequestLoad(server, Endpoints.SignalRWithGrain, connections, inFlight),
                ],
                cancellationToken);
            var (echo, echoWithGrain, jsonRpc, signalR) = (runs[0], runs[1], runs[2], runs[3]);
            var versusEchoWithGrain = Stats.Ratio(jsonRpc, echoWithGrain, m => m.PerServerCpuSecond);
            var versusEcho = Stats.Ratio(jsonRpc, echo, m => m.PerServerCpuSecond);
            var versusSignalR = Stats.Ratio(jsonRpc, signalR, m => m.PerServerCpuSecond);
            var label = $"{connections} × {inFlight}";
            section.Add(Interleaved.Row(label, "raw echo", echo, "", "", ""));
            section.Add(Interleaved.Row(label, "echo + grain call", echoWithGrain, "", "", ""));
            section.Add(Interleaved.Row(label, "**JSON-RPC**", jsonRpc, Format.Ratio(versusEchoWithGrain), Format.Ratio(versusEcho), Format.Ratio(versusSignalR)));
            section.Add(Interleaved.Row(label, "SignalR hub + grain call", signalR, "", "", ""));
            gen2 += jsonRpc.Sum(m => m.Gen2);
            foreach (var (reason, count) in jsonRpc.SelectMany(m => m.Gen2ByReason))
            {
                gen2Reasons[reason] = gen2Reasons.GetValueOrDefault(reason) + count;
            }

            if (connections == 64)
            {
                context.Report.SetFigure($"ws.64x{inFlight}.vs-echo-grain", versusEchoWithGrain.Median, Format.Ratio(versusEchoWithGrain));
                context.Report.SetFigure($"ws.64x{inFlight}.vs-echo", versusEcho.Median, Format.Ratio(versusEcho));
                signalRRatios.Add(versusSignalR);
                if (inFlight == 1)
                {
                    var allocated = Stats.Median(jsonRpc.Select(m => m.AllocatedPerOperation));
                    context.Report.SetFigure("ws.subtract-bytes", allocated, Format.Bytes(allocated));
                }
            }
        }

        if (signalRRatios.Count > 0)
        {
            context.Report.SetFigure("ws.vs-signalr", signalRRatios.Min(r => r.Median), string.Join(" and ", signalRRatios.Select(Format.Ratio)));
        }

        if (gen2 > 0)
        {
            section.Notes.Add($"Gen2 collections during the JSON-RPC runs, by what the runtime's GC events give as their reason: {string.Join("; ", gen2Reasons.Select(pair => $"{pair.Key} × {pair.Value}"))}.");
        }

        context.Report.SetFigure("ws.gen2", gen2, gen2.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
