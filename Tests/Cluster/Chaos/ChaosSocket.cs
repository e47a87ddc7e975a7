using System.Collections.Concurrent;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>
/// A WebSocket of the chaos load: answers are matched to calls by id, notifications are kept in arrival
/// order, and the socket's end (however it comes) fails the calls still waiting instead of hanging them.
/// </summary>
internal sealed class ChaosSocket : IAsyncDisposable
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(30);

    private readonly ClientWebSocket _socket = new();
    private readonly ConcurrentDictionary<int, TaskCompletionSource<JsonNode>> _waiting = new();
    private readonly List<JsonNode> _notifications = [];
    private readonly List<(Func<JsonNode, bool> Match, TaskCompletionSource<bool> Seen)> _watchers = [];
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task? _receiving;

    public Task Closed => _closed.Task;

    public async Task ConnectAsync(Uri endpoint)
    {
        using var timeout = new CancellationTokenSource(s_patience);
        await _socket.ConnectAsync(endpoint, timeout.Token);
        _receiving = ReceiveAsync();
    }

    /// <summary>The answer to the call; a <see cref="WebSocketException"/> when the socket ends first, a <see cref="TimeoutException"/> when nothing comes.</summary>
    public async Task<JsonNode> CallAsync(int id, string method, string parameters)
    {
        var answer = new TaskCompletionSource<JsonNode>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting[id] = answer;
        if (_closed.Task.IsCompleted)
        {
            throw new WebSocketException("The socket had closed.");
        }

        var text = $$"""{"jsonrpc":"2.0","method":"{{method}}","params":[{{parameters}}],"id":{{id}}}""";
        using var timeout = new CancellationTokenSource(s_patience);
        await _socket.SendAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text, endOfMessage: true, timeout.Token);
        return await answer.Task.WaitAsync(s_patience);
    }

    /// <summary>The notifications received so far, of one method, in arrival order.</summary>
    public List<JsonNode> Notifications(string method)
    {
        lock (_notifications)
        {
            return _notifications.Where(n => (string?)n["method"] == method).ToList();
        }
    }

    /// <summary>True once a notification matching arrives; false if the socket ends or <paramref name="within"/> passes first.</summary>
    public async Task<bool> WaitForNotificationAsync(Func<JsonNode, bool> match, TimeSpan within)
    {
        var seen = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_notifications)
        {
            if (_notifications.Any(match))
            {
                return true;
            }

            if (_closed.Task.IsCompleted)
            {
                return false;
            }

            _watchers.Add((match, seen));
        }

        try
        {
            return await seen.Task.WaitAsync(within);
        }
        catch (TimeoutException)
        {
            return false;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _socket.CloseQuietlyAsync();

        _socket.Abort();
        if (_receiving is not null)
        {
            await _receiving;
        }

        _socket.Dispose();
    }

    private async Task ReceiveAsync()
    {
        var buffer = new byte[16 * 1024];
        using var message = new MemoryStream();
        try
        {
            while (true)
            {
                var result = await _socket.ReceiveAsync(buffer, CancellationToken.None);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    return;
                }

                message.Write(buffer, 0, result.Count);
                if (!result.EndOfMessage)
                {
                    continue;
                }

                var received = JsonNode.Parse(message.ToArray())!;
                message.SetLength(0);
                if (received["id"] is { } id && id.GetValueKind() == System.Text.Json.JsonValueKind.Number && _waiting.TryRemove(id.GetValue<int>(), out var answer))
                {
                    answer.TrySetResult(received);
                    continue;
                }

                lock (_notifications)
                {
                    _notifications.Add(received);
                    _watchers.RemoveAll(w => w.Match(received) && w.Seen.TrySetResult(true));
                }
            }
        }
        catch (Exception ex) when (ex is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            // The socket broke: what waits on it learns below.
        }
        finally
        {
            lock (_notifications)
            {
                _closed.TrySetResult();
                foreach (var watcher in _watchers)
                {
                    watcher.Seen.TrySetResult(false);
                }
            }

            foreach (var waiting in _waiting.Values)
            {
                waiting.TrySetException(new WebSocketException("The socket closed before the answer."));
            }
        }
    }
}
