using System.Globalization;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// The <c>hold</c> role: opens WebSockets until it has <c>count</c> or one fails, saying
/// <c>connected N</c> as it goes and <c>done N</c> or <c>failed N reason</c> at the end, then holds them until
/// its stdin closes. A process of its own, because each process here may have only 20,000 files open.
/// </summary>
internal static class ConnectionHolder
{
    public static async Task<int> RunAsync(string[] args)
    {
        var uri = new Uri(args[0]);
        var count = int.Parse(args[1], CultureInfo.InvariantCulture);
        var sourceAddresses = int.Parse(args[2], CultureInfo.InvariantCulture);
        var connector = new WebSocketConnector(sourceAddresses);
        var sockets = new List<LoadWebSocket>(count);
        string? failure = null;
        while (sockets.Count < count && failure is null)
        {
            var wave = Enumerable.Range(0, Math.Min(ClientSockets.Wave, count - sockets.Count)).Select(_ => ConnectAsync()).ToArray();
            foreach (var attempt in await Task.WhenAll(wave))
            {
                if (attempt.Socket is not null)
                {
                    sockets.Add(attempt.Socket);
                }
                else
                {
                    failure ??= attempt.Error;
                }
            }

            Console.WriteLine($"connected {sockets.Count}");
        }

        Console.WriteLine(failure is null ? $"done {sockets.Count}" : $"failed {sockets.Count} {failure}");
        await Console.In.ReadToEndAsync();
        ClientSockets.Abort(sockets);
        return 0;

        async Task<(LoadWebSocket? Socket, string? Error)> ConnectAsync()
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            try
            {
                return (await connector.ConnectAsync(uri, timeout.Token), null);
            }
            catch (Exception ex)
            {
                var inner = ex.InnerException is null ? string.Empty : $" ({ex.InnerException.Message})";
                return (null, $"{ex.GetType().Name}: {ex.Message}{inner}");
            }
        }
    }
}
