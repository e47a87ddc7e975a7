using System.Net.WebSockets;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>
/// What an idle connection costs the server: N connections are opened, each makes one call (so that it
/// is in its steady state), and the server's managed heap and resident size after a forced full GC are
/// compared with before. Interleaved over endpoints and repeated; medians of the per-connection deltas.
/// </summary>
internal sealed class IdleMemoryScenario : IScenario
{
    public string Name => "memory";

    public async Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var sizes = context.Settings.Quick ? new[] { 100, 200, 500 } : [1_000, 5_000, 10_000];
        var formats = new[] { Endpoints.RawEcho, Endpoints.JsonRpc, Endpoints.SignalR };
        var section = context.Report.AddSection(
            "Idle memory per connection",
            "Server memory held per open, idle connection (after one call each), from the diagnostics endpoint, divided by N, each reading after a forced compacting full GC. Managed heap: with the N connections open less once they have all gone (so buffers the transport pooled while they connected, and keeps, count on neither side). RSS: with them open less before they came; it moves with what the GC keeps committed, so it is a rough figure. Kernel socket buffers are in neither.",
            "connections", "endpoint", "managed heap / connection", "RSS / connection", "heap ÷ raw echo", "RSS ÷ raw echo");
        var heap = new Dictionary<(int, WireFormat), List<double>>();
        var resident = new Dictionary<(int, WireFormat), List<double>>();
        for (var repetition = 0; repetition < context.Settings.Repetitions; repetition++)
        {
            foreach (var size in sizes)
            {
                foreach (var format in formats)
                {
                    var (heapPerConnection, residentPerConnection) = await MeasureAsync(context, format, size, cancellationToken);
                    context.Log.WriteLine($"  idle memory, {size:N0} × {format.Name}: heap {heapPerConnection:N0} B, RSS {residentPerConnection:N0} B per connection");
                    Add(heap, (size, format), heapPerConnection);
                    Add(resident, (size, format), residentPerConnection);
                }
            }
        }

        foreach (var size in sizes)
        {
            foreach (var format in formats)
            {
                var heapRatio = Stats.Ratio(heap[(size, format)], heap[(size, Endpoints.RawEcho)]);
                var residentRatio = Stats.Ratio(resident[(size, format)], resident[(size, Endpoints.RawEcho)]);
                section.Add(
                    size.ToString("N0", System.Globalization.CultureInfo.InvariantCulture),
                    format == Endpoints.JsonRpc ? "**JSON-RPC**" : format.Name,
                    Format.Bytes(Stats.Median(heap[(size, format)])),
                    Format.Bytes(Stats.Median(resident[(size, format)])),
                    format == Endpoints.RawEcho ? string.Empty : Format.Ratio(heapRatio),
                    format == Endpoints.RawEcho ? string.Empty : Format.Ratio(residentRatio));
                if (size == sizes[^1] && format == Endpoints.JsonRpc)
                {
                    context.Report.SetFigure("memory.vs-echo", heapRatio.Median, $"{Format.Ratio(heapRatio)}; RSS {Format.Ratio(residentRatio)}");
                }
            }
        }
    }

    private static void Add(Dictionary<(int, WireFormat), List<double>> figures, (int, WireFormat) key, double value)
    {
        if (!figures.TryGetValue(key, out var values))
        {
            figures[key] = values = [];
        }

        values.Add(value);
    }

    private static async Task<(double Heap, double Resident)> MeasureAsync(ScenarioContext context, WireFormat format, int count, CancellationToken cancellationToken)
    {
        var before = await context.Server.SnapshotAsync(collect: true);
        var connector = new WebSocketConnector();
        var sockets = await ClientSockets.OpenAsync(
            connector,
            ClientSockets.WebSocketUri(context.Server.Address, format.Path),
            count,
            (socket, _) => CallOnceAsync(socket, format, cancellationToken),
            cancellationToken);
        Server.ServerSnapshot after;
        try
        {
            after = await context.Server.SnapshotAsync(collect: true);
        }
        finally
        {
            ClientSockets.Abort(sockets);
        }

        await WaitUntilClosedAsync(context.Server, before.OpenFiles, cancellationToken);

        // Heap: against the same server once the connections are gone, so that buffers the transport pooled
        // while they were opened (and keeps after) count on neither side. RSS: against before they came.
        var closed = await context.Server.SnapshotAsync(collect: true);
        return ((double)(after.HeapBytes - closed.HeapBytes) / count, (double)(after.ResidentBytes - before.ResidentBytes) / count);
    }

    private static async Task CallOnceAsync(LoadWebSocket socket, WireFormat format, CancellationToken cancellationToken)
    {
        await format.HandshakeAsync(socket, cancellationToken);
        await socket.SendAsync(format.Subtract(1), cancellationToken);
        var parsed = new ParsedMessage();
        while (parsed.Replies.Count == 0)
        {
            format.Parse((await socket.ReceiveAsync(cancellationToken)).Span, parsed);
        }
    }

    /// <summary>Waits until the server has let go of the dropped connections' sockets, so that the next measurement starts clean.</summary>
    public static async Task WaitUntilClosedAsync(ServerProcess server, int openFilesBefore, CancellationToken cancellationToken)
    {
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(TimeSpan.FromMinutes(1));
        while ((await server.SnapshotAsync()).OpenFiles > openFilesBefore + 32)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(100), deadline.Token);
        }
    }
}
