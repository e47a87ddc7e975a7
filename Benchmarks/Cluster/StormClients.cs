using System.Diagnostics;
using System.Globalization;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>
/// The <c>storm</c> role: the reconnect storm's browser clients (<see cref="StormClient"/>), in a process of
/// their own, as browsers are. Joins <c>clients</c> members of <c>groups</c> groups on the node to be
/// killed and says <c>joined N</c>; once every socket has dropped and come back on the survivor (its
/// JSON-RPC endpoint, or for the storm's baseline its raw WebSocket echo, which answers the join with itself), says
/// <c>back SECONDS MEDIAN MOST</c> (seconds from the first drop, attempts per client); holds the sockets
/// until its stdin closes. First, <c>warm</c> clients join on the survivor and leave again: a node in
/// production has served clients before, and one that never has would spend the storm compiling its
/// connect path (the first thousand connections of a fresh node cost it about three times what later ones
/// do: the "New connections" scenario). In the load generator's process their thousands of handshakes would queue on
/// its thread pool ahead of the steady clients' sends and reads, and the storm would be measured there.
/// </summary>
internal static class StormClients
{
    public static async Task<int> RunAsync(string[] args)
    {
        var doomed = new Uri(args[0]);
        var survivor = new Uri(args[1]);
        var clients = int.Parse(args[2], CultureInfo.InvariantCulture);
        var groups = int.Parse(args[3], CultureInfo.InvariantCulture);
        var warm = int.Parse(args[4], CultureInfo.InvariantCulture);

        // Two source addresses: the sockets before and after the kill must not run out of ports.
        var connector = new WebSocketConnector(sourceAddresses: 2);
        if (!await JoinAllAsync(Enumerable.Range(0, warm).Select(i => new StormClient($"storm-{i % groups}", connector)).ToArray(), survivor, abort: true))
        {
            return 1;
        }

        var storm = Enumerable.Range(0, clients).Select(i => new StormClient($"storm-{i % groups}", connector)).ToArray();
        if (!await JoinAllAsync(storm, doomed, abort: false))
        {
            return 1;
        }

        Console.WriteLine($"joined {clients}");
        using var stop = new CancellationTokenSource();
        var firstDrop = 0L;
        var dropped = 0;
        var back = 0;
        var allBack = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var riding = storm.Select(c => c.RideOutAsync(
            () => survivor,
            () =>
            {
                Interlocked.CompareExchange(ref firstDrop, Stopwatch.GetTimestamp(), 0);
                Interlocked.Increment(ref dropped);
            },
            _ =>
            {
                if (Interlocked.Increment(ref back) == clients)
                {
                    allBack.TrySetResult();
                }
            },
            stop.Token)).ToArray();

        // Console.In reads synchronously whatever its method's name: on a thread of its own, so this one goes on.
        var input = Task.Run(() => Console.In.ReadToEndAsync());
        using var progress = new Timer(_ => Console.Error.WriteLine($"storm: {Volatile.Read(ref dropped)} dropped, {Volatile.Read(ref back)} back"), null, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(1));
        if (await Task.WhenAny(allBack.Task, input) == allBack.Task)
        {
            var seconds = Stopwatch.GetElapsedTime(Interlocked.Read(ref firstDrop)).TotalSeconds;
            var attempts = storm.Select(c => (double)(c.Attempts + 1)).ToArray();
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"back {seconds:0.000} {Stats.Median(attempts):0} {attempts.Max():0}"));
            await input;
        }

        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(riding);
        }
        catch (OperationCanceledException)
        {
            // Told to stop before every client was back.
        }
        foreach (var client in storm)
        {
            client.Abort();
        }

        return 0;
    }

    /// <summary>Joins every client on <paramref name="node"/>, a wave at a time; with <paramref name="abort"/>, each wave leaves once joined.</summary>
    private static async Task<bool> JoinAllAsync(StormClient[] clients, Uri node, bool abort)
    {
        for (var start = 0; start < clients.Length; start += ClientSockets.Wave)
        {
            // A wave's clients the node could not take at once try again a moment later.
            var wave = clients.Skip(start).Take(ClientSockets.Wave).ToList();
            var waiting = wave;
            for (var attempt = 0; waiting.Count > 0; attempt++)
            {
                if (attempt == 100)
                {
                    Console.WriteLine($"failed {waiting.Count} storm clients could not join on {node}");
                    return false;
                }

                var joined = await Task.WhenAll(waiting.Select(c => c.JoinAsync(node, CancellationToken.None)));
                waiting = [.. waiting.Where((_, i) => !joined[i])];
                if (waiting.Count > 0)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100));
                }
            }

            if (abort)
            {
                wave.ForEach(c => c.Abort());
            }
        }

        return true;
    }
}
