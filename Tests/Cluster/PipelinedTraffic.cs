using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// Traffic as a busy client makes it: one WebSocket keeps <c>window</c> numbered calls in flight, a new one
/// sent as each answer arrives, until stopped. Every answer is kept by id, every notification in the
/// order it came, so a test can check afterwards that each call got exactly one answer.
/// </summary>
public sealed class PipelinedTraffic(WebSocketRpcClient socket, Func<int, string> call, int window)
{
    private readonly Dictionary<int, JsonNode> _answers = [];
    private readonly List<JsonNode> _notifications = [];
    private readonly List<(int FromId, int Count, TaskCompletionSource Reached)> _barriers = [];
    private readonly SemaphoreSlim _slots = new(window);
    private Task _running = Task.CompletedTask;
    private int _sent;
    private volatile bool _stopping;

    /// <summary>The id the next call will have: calls from here on were sent after whatever the test just did.</summary>
    public int NextId => Volatile.Read(ref _sent);

    public IReadOnlyDictionary<int, JsonNode> Answers => _answers;

    public IReadOnlyList<JsonNode> Notifications => _notifications;

    /// <summary>Sends and reads until <see cref="Stop"/>; then reads until every call sent has its answer.</summary>
    public Task RunAsync() => _running = Task.WhenAll(Task.Run(SendAsync), Task.Run(ReceiveAsync));

    /// <summary>
    /// Completes once <paramref name="count"/> calls numbered <paramref name="fromId"/> or later have
    /// answers; fails at once if the traffic failed (an answer that did not come, a socket that closed).
    /// </summary>
    public async Task WhenAnsweredAsync(int fromId, int count)
    {
        var reached = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_answers)
        {
            _barriers.Add((fromId, count, reached));
            Check();
        }

        if (await Task.WhenAny(reached.Task, _running).WaitAsync(TimeSpan.FromSeconds(30)) == _running)
        {
            await _running;
            throw new InvalidOperationException($"the traffic ended before {count} calls from {fromId} were answered");
        }
    }

    public void Stop() => _stopping = true;

    private async Task SendAsync()
    {
        while (!_stopping)
        {
            await _slots.WaitAsync();
            if (_stopping)
            {
                break;
            }

            await socket.SendAsync(call(_sent));
            Volatile.Write(ref _sent, _sent + 1);
        }

        // The reader stops once it has this answer and one for every call sent.
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"ping","id":"end"}""");
    }

    private async Task ReceiveAsync()
    {
        var ended = false;
        while (!ended || _answers.Count < Volatile.Read(ref _sent))
        {
            var message = JsonNode.Parse(await socket.ReceiveAsync())!;
            if (message["method"] is not null)
            {
                _notifications.Add(message);
                continue;
            }

            if (message["id"]!.GetValueKind() == System.Text.Json.JsonValueKind.String)
            {
                ended = true;
                continue;
            }

            var id = message["id"]!.GetValue<int>();
            lock (_answers)
            {
                Assert.True(_answers.TryAdd(id, message), $"call {id} was answered twice: {message.ToJsonString()}");
                Check();
            }

            _slots.Release();
        }
    }

    private void Check()
    {
        foreach (var (fromId, count, reached) in _barriers)
        {
            if (_answers.Keys.Count(id => id >= fromId) >= count)
            {
                reached.TrySetResult();
            }
        }
    }
}
