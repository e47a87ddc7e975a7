using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// What a new connection costs the server, which is what a reconnect storm is made of (issue 34): N
/// WebSockets are opened, each makes its first call (a JSON-RPC connection also gets its session cookie and
/// its connection grain), and the server CPU time and bytes allocated over the whole opening are divided by
/// N. Against the raw echo (an upgrade and one message) and SignalR (its negotiation and one call). The
/// JSON-RPC row "+ join" is the storm's client: its first call joins a group (one of 100).
/// </summary>
internal sealed class ConnectScenario : IScenario
{
    public string Name => "connect";

    private static readonly Variant[] Variants =
    [
        new(Endpoints.RawEcho, "raw echo", (format, index) => format.Subtract(1)),
        new(Endpoints.JsonRpc, "**JSON-RPC**", (format, index) => format.Subtract(1)),
        new(Endpoints.JsonRpc, "**JSON-RPC + group join**", (format, index) => format.Join($"connect-{index % 100}", 1)),
        new(Endpoints.SignalRWithGrain, "SignalR hub + grain call", (format, index) => format.Subtract(1)),
    ];

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var count = context.Settings.Size(full: 2_000, quick: 500);
        var section = context.Report.AddSection(
            "New connections",
            $"Server CPU time and bytes allocated per connection while {count:N0} WebSockets are opened, 200 at a time, each making its first call and waiting for the answer; what a reconnecting client costs the node it lands on. Closing them is not counted. Medians of {context.Settings.Repetitions} repetitions, the variants interleaved.",
            "connection", "server CPU / connection", "server alloc / connection", "CPU ÷ raw echo", "CPU ÷ SignalR");
        var cpu = Variants.ToDictionary(v => v, _ => new List<double>());
        var bytes = Variants.ToDictionary(v => v, _ => new List<double>());
        for (var repetition = 0; repetition < context.Settings.Repetitions; repetition++)
        {
            foreach (var variant in Variants)
            {
                var (microseconds, allocated) = await MeasureAsync(context, variant, count, cancellationToken);
                context.Log.WriteLine($"  connect, {count:N0} × {variant.Label}: {microseconds:N0} µs CPU, {allocated:N0} B per connection");
                cpu[variant].Add(microseconds);
                bytes[variant].Add(allocated);
            }
        }

        foreach (var variant in Variants)
        {
            var againstEcho = Stats.Ratio(cpu[variant], cpu[Variants[0]]);
            var againstSignalR = Stats.Ratio(cpu[variant], cpu[Variants[^1]]);
            section.Add(
                variant.Label,
                Format.Count(Stats.Median(cpu[variant])) + " µs",
                Format.Bytes(Stats.Median(bytes[variant])),
                variant == Variants[0] ? string.Empty : Format.Ratio(againstEcho),
                variant == Variants[^1] ? string.Empty : Format.Ratio(againstSignalR));
            if (variant == Variants[2])
            {
                context.Report.SetFigure("connect.join.vs-signalr", againstSignalR.Median, Format.Ratio(againstSignalR));
            }
        }
    }

    private static async Task<(double Microseconds, double Bytes)> MeasureAsync(ScenarioContext context, Variant variant, int count, CancellationToken cancellationToken)
    {
        var before = await context.Server.SnapshotAsync(collect: true);
        var cpuBefore = context.Server.CpuTime();
        var sockets = await ClientSockets.OpenAsync(
            new WebSocketConnector(),
            ClientSockets.WebSocketUri(context.Server.Address, variant.Format.Path),
            count,
            (socket, index) => FirstCallAsync(socket, variant, index, cancellationToken),
            cancellationToken);
        var cpuAfter = context.Server.CpuTime();
        var after = await context.Server.SnapshotAsync();
        ClientSockets.Abort(sockets);
        await IdleMemoryScenario.WaitUntilClosedAsync(context.Server, before.OpenFiles, cancellationToken);
        return ((cpuAfter - cpuBefore).TotalMicroseconds / count, (double)(after.AllocatedBytes - before.AllocatedBytes) / count);
    }

    private static async Task FirstCallAsync(LoadWebSocket socket, Variant variant, int index, CancellationToken cancellationToken)
    {
        await variant.Format.HandshakeAsync(socket, cancellationToken);
        await socket.SendAsync(variant.FirstCall(variant.Format, index), cancellationToken);
        var parsed = new ParsedMessage();
        while (parsed.Replies.Count == 0)
        {
            variant.Format.Parse((await socket.ReceiveAsync(cancellationToken)).Span, parsed);
        }

        if (parsed.Errors > 0)
        {
            throw new InvalidOperationException($"{variant.Label}: the first call failed");
        }
    }

    private sealed record Variant(WireFormat Format, string Label, Func<WireFormat, int, byte[]> FirstCall);
}
