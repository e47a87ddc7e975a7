using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>
/// Calls on the surviving node while the other is killed, of the kinds that need only the survivor: each
/// round opens a new WebSocket (as reconnecting clients do) and calls a grain of its own connection
/// (<c>notify.me</c>), a stateless worker (<c>subtract</c>) and a user grain placed on the survivor
/// (<c>bench.subtract_on</c>). Every call that does not answer with a result is a failure; the target is none.
/// </summary>
internal sealed class SurvivorTraffic
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private readonly Uri _webSocket;
    private readonly string _survivorKey;
    private readonly ConcurrentDictionary<string, int> _failures = new();
    private readonly TaskCompletionSource _everyWorkerCalled = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private int _workersStarted;
    private long _calls;
    private long _counting;

    public SurvivorTraffic(Uri node, string survivorKey)
    {
        _webSocket = new Uri($"ws://{node.Authority}/ws");
        _survivorKey = survivorKey;
    }

    public long Calls => Interlocked.Read(ref _calls);

    public int Failed => _failures.Values.Sum();

    /// <summary>The failures by cause (error code and data, or the transport's exception).</summary>
    public IReadOnlyDictionary<string, int> Failures => _failures;

    /// <summary>Runs <paramref name="workers"/> loops until <paramref name="stop"/>; calls are counted once <see cref="StartCounting"/> is.</summary>
    public Task RunAsync(int workers, CancellationToken stop) =>
        Task.WhenAll(Enumerable.Range(0, workers).Select(i => Task.Run(() => WorkAsync(workers, stop))));

    /// <summary>Completes once every loop has made a round: the traffic is flowing.</summary>
    public Task Flowing => _everyWorkerCalled.Task;

    public void StartCounting() => Interlocked.Exchange(ref _counting, 1);

    public void StopCounting() => Interlocked.Exchange(ref _counting, 0);

    private async Task WorkAsync(int workers, CancellationToken stop)
    {
        var first = true;
        for (var round = 1; !stop.IsCancellationRequested; round++)
        {
            using var socket = new ClientWebSocket();
            try
            {
                using var connecting = new CancellationTokenSource(s_patience);
                await socket.ConnectAsync(_webSocket, connecting.Token);
                await CallAsync(socket, 1, "notify.me", $"[{round}]");
                await CallAsync(socket, 2, "subtract", $"[{round + 7},7]");
                await CallAsync(socket, 3, "bench.subtract_on", $"[\"{_survivorKey}\",{round + 7},7]");
                using var closing = new CancellationTokenSource(s_patience);
                await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, closing.Token);
            }
            catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or TimeoutException)
            {
                Count("transport: " + ex.GetType().Name);
            }

            if (first)
            {
                first = false;
                if (Interlocked.Increment(ref _workersStarted) == workers)
                {
                    _everyWorkerCalled.TrySetResult();
                }
            }
        }
    }

    private async Task CallAsync(ClientWebSocket socket, int id, string method, string parameters)
    {
        using var timeout = new CancellationTokenSource(s_patience);
        var request = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{parameters}},"id":{{id}}}""");
        await socket.SendAsync(request, WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        var buffer = new byte[4096];
        while (true)
        {
            // Notifications (notify.me's own) come before the answer: read on to the answer.
            using var message = new MemoryStream();
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(), timeout.Token);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    throw new WebSocketException("The server closed the socket.");
                }

                message.Write(buffer, 0, result.Count);
            }
            while (!result.EndOfMessage);

            using var answer = JsonDocument.Parse(message.ToArray());
            if (!answer.RootElement.TryGetProperty("id", out var answered) || answered.ValueKind != JsonValueKind.Number)
            {
                continue;
            }

            if (Interlocked.Read(ref _counting) == 1)
            {
                Interlocked.Increment(ref _calls);
                if (answer.RootElement.TryGetProperty("error", out var error))
                {
                    Count($"{method}: {error.GetProperty("code").GetInt32()} {error.GetProperty("data")}");
                }
            }

            return;
        }
    }

    private void Count(string cause)
    {
        if (Interlocked.Read(ref _counting) == 1)
        {
            _failures.AddOrUpdate(cause, 1, (_, n) => n + 1);
        }
    }
}
