using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>Latency at a fixed offered rate, measured from when each call was due (no coordinated omission).</summary>
internal sealed class OpenLoopScenario : IScenario
{
    public string Name => "open-loop";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var connections = 64;
        var rate = context.Settings.OpenLoopRate;
        var section = context.Report.AddSection(
            "Open loop: latency at a fixed rate",
            $"{connections} connections offered {rate:N0} `subtract` calls per second in all, whatever the answers do. Latency counts from the moment a call was due, so a server that stalls cannot hide it by slowing the sender. *Stalls*: times a connection had 1,024 calls unanswered and had to wait.",
            "endpoint", "offered / s", "answered / s", "p50", "p99", "p99.9", "server cores", "stalls", "notes");
        var server = context.Server.Address;
        context.Log.WriteLine($"Open loop, {connections} connections at {rate:N0}/s");
        var loads = new List<WebSocketRequestLoad>[3];
        var formats = new[] { Endpoints.RawEcho, Endpoints.JsonRpc, Endpoints.SignalR };
        for (var i = 0; i < loads.Length; i++)
        {
            loads[i] = [];
        }

        var runs = await Interleaved.RunAsync(
            context,
            [.. formats.Select((format, i) => (Func<IWorkload>)(() =>
            {
                var load = new WebSocketRequestLoad(server, format, connections, 1, rate);
                loads[i].Add(load);
                return load;
            }))],
            cancellationToken);
        for (var i = 0; i < formats.Length; i++)
        {
            section.Add(
                i == 1 ? "**JSON-RPC**" : formats[i].Name,
                Format.Count(rate),
                Format.Count(Stats.Median(runs[i].Select(r => r.PerSecond))),
                Format.Milliseconds(Stats.Median(runs[i].Select(r => r.P50))),
                Format.Milliseconds(Stats.Median(runs[i].Select(r => r.P99))),
                Format.Milliseconds(Stats.Median(runs[i].Select(r => r.P999))),
                Format.Ratio(Stats.Median(runs[i].Select(r => r.ServerCores))),
                Format.Count(loads[i].Sum(l => l.Stalls)),
                Format.Notes(runs[i]));
        }
    }
}
