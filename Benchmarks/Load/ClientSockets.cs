namespace OrleansRpc.Benchmarks.Load;

/// <summary>Opening and dropping many client WebSockets at once.</summary>
internal static class ClientSockets
{
    public const int Wave = 200;

    /// <summary>Opens <paramref name="count"/> sockets, <see cref="Wave"/> at a time, each set up by <paramref name="prepare"/>.</summary>
    public static async Task<LoadWebSocket[]> OpenAsync(
        WebSocketConnector connector,
        Uri uri,
        int count,
        Func<LoadWebSocket, int, Task> prepare,
        CancellationToken cancellationToken)
    {
        var sockets = new LoadWebSocket[count];
        try
        {
            for (var start = 0; start < count; start += Wave)
            {
                var tasks = new Task[Math.Min(Wave, count - start)];
                for (var i = 0; i < tasks.Length; i++)
                {
                    var index = start + i;
                    tasks[i] = OpenOneAsync(index);
                }

                await Task.WhenAll(tasks);
            }

            return sockets;
        }
        catch
        {
            Abort(sockets);
            throw;
        }

        async Task OpenOneAsync(int index)
        {
            var socket = await connector.ConnectAsync(uri, cancellationToken);
            sockets[index] = socket;
            await prepare(socket, index);
        }
    }

    public static void Abort(IEnumerable<LoadWebSocket?> sockets)
    {
        foreach (var socket in sockets)
        {
            socket?.Dispose();
        }
    }

    public static Uri WebSocketUri(Uri server, string path) =>
        new UriBuilder(server) { Scheme = server.Scheme == "https" ? "wss" : "ws", Path = path }.Uri;
}
