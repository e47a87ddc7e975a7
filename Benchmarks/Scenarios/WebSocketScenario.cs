using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>Request/response (<c>subtract</c>) over WebSocket against the raw echo ceiling and a SignalR hub.</summary>
internal sealed class WebSocketScenario : IScenario
{
    private static readonly (int Connections, int InFlight)[] s_loads = [(1, 1), (1, 16), (64, 1), (64, 16), (256, 1), (256, 16)];

    public string Name => "websocket";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var section = context.Report.AddSection(
            "Request/response over WebSocket",
            "`subtract` calls over N connections × K in flight, closed loop. Operations are calls; the raw echo returns the same request bytes unchanged (the transport's ceiling); the SignalR hub has the same method. Ratios are JSON-RPC ÷ raw echo and JSON-RPC ÷ SignalR, per server CPU-second.",
            Interleaved.Columns);
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
                    () => new WebSocketRequestLoad(server, Endpoints.JsonRpc, connections, inFlight),
                    () => new WebSocketRequestLoad(server, Endpoints.SignalR, connections, inFlight),
                ],
                cancellationToken);
            var (echo, jsonRpc, signalR) = (runs[0], runs[1], runs[2]);
            var versusEcho = Stats.Ratio(jsonRpc, echo, m => m.PerServerCpuSecond);
            var versusSignalR = Stats.Ratio(jsonRpc, signalR, m => m.PerServerCpuSecond);
            var label = $"{connections} × {inFlight}";
            section.Add(Interleaved.Row(label, "raw echo", echo));
            section.Add(Interleaved.Row(label, "**JSON-RPC**", jsonRpc, Format.Ratio(versusEcho), Format.Ratio(versusSignalR)));
            section.Add(Interleaved.Row(label, "SignalR hub", signalR));
            gen2 += jsonRpc.Sum(m => m.Gen2);
            foreach (var (reason, count) in jsonRpc.SelectMany(m => m.Gen2ByReason))
            {
                gen2Reasons[reason] = gen2Reasons.GetValueOrDefault(reason) + count;
            }

            if (connections == 64)
            {
                context.Report.SetFigure($"ws.64x{inFlight}.vs-echo", versusEcho.Median, Format.Ratio(versusEcho));
                signalRRatios.Add(versusSignalR);
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
