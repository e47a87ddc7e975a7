using System.Buffers;
using System.Text;
using OrleansRpc.Benchmarks.Load;

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>
/// A browser client of the reconnect storm: one WebSocket, a member of one group. When its node dies it
/// reconnects, to the address its load balancer now sends it to, with the browser client's backoff (250 ms
/// doubling to 10 s, each delay up to half shorter at random: <c>orleansrpc.js</c>), and joins its group
/// again; it is back once the join is answered (or, at the raw WebSocket echo of the storm's baseline, echoed).
/// </summary>
internal sealed class StormClient(string group, WebSocketConnector connector)
{
    private const int MinDelayMilliseconds = 250;
    private const int MaxDelayMilliseconds = 10_000;
    private const double Jitter = 0.5;

    private readonly byte[] _join = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}""");
    private LoadWebSocket? _socket;

    /// <summary>Connection attempts made since the socket dropped.</summary>
    public int Attempts { get; private set; }

    /// <summary>Connects and joins; false when either fails.</summary>
    public async Task<bool> JoinAsync(Uri webSocket, CancellationToken cancellationToken)
    {
        try
        {
            _socket = await connector.ConnectAsync(webSocket, cancellationToken);
            await _socket.SendAsync(_join, cancellationToken);

            // The join's answer is the first message: nothing is published to the group meanwhile.
            var answer = await _socket.ReceiveAsync(cancellationToken);
            // A raw WebSocket echo (the storm's baseline) answers with the request itself.
            return answer.Span.IndexOf("\"result\":true"u8) >= 0 || answer.Span.SequenceEqual(_join);
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            _socket?.Dispose();
            _socket = null;
            return false;
        }
    }

    /// <summary>Reads until the socket drops (its node died), then reconnects to <paramref name="survivor"/> until joined again.</summary>
    public async Task RideOutAsync(Func<Uri> survivor, Action dropped, Action<StormClient> back, CancellationToken cancellationToken)
    {
        try
        {
            while (true)
            {
                await _socket!.ReceiveAsync(cancellationToken);
            }
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            _socket?.Dispose();
            _socket = null;
            dropped();
        }

        for (Attempts = 0; !cancellationToken.IsCancellationRequested; Attempts++)
        {
            var delay = Math.Min(MaxDelayMilliseconds, MinDelayMilliseconds * Math.Pow(2, Attempts)) * (1 - (Jitter * Random.Shared.NextDouble()));
            await Task.Delay(TimeSpan.FromMilliseconds(delay), cancellationToken);
            if (await JoinAsync(survivor(), cancellationToken))
            {
                back(this);
                return;
            }
        }
    }

    public void Abort() => _socket?.Dispose();
}
