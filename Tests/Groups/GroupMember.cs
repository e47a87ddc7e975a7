using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>A WebSocket client in the fan-out tests, knowing its connection id and node.</summary>
public sealed class GroupMember(WebSocketRpcClient client, string connectionId, IFanOutNode node) : IAsyncDisposable
{
    private int _nextId = 1000;

    public WebSocketRpcClient Client { get; } = client;

    public string ConnectionId { get; } = connectionId;

    public IFanOutNode Node { get; } = node;

    public static async Task<GroupMember> ConnectAsync(IFanOutNode node)
    {
        var client = new WebSocketRpcClient(node.WebSocketEndpoint);
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":0}"""))!)!["result"]!["connection"]!.GetValue<string>();
        return new GroupMember(client, id, node);
    }

    /// <summary>Calls a method and returns its result, failing on an error.</summary>
    public async Task<JsonNode?> CallAsync(string method, string paramsJson)
    {
        var id = Interlocked.Increment(ref _nextId);
        var answer = JsonNode.Parse((await Client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{paramsJson}},"id":{{id}}}"""))!)!;
        Assert.Null(answer["error"]);
        Assert.Equal(id, answer["id"]!.GetValue<int>());
        return answer["result"];
    }

    public Task JoinAsync(string group) => CallAsync("group.join", $"[\"{group}\"]");

    public Task LeaveAsync(string group) => CallAsync("group.leave", $"[\"{group}\"]");

    /// <summary>Proves nothing is waiting for this client: the answer to a new request is the next message.</summary>
    public async Task AssertNothingReceivedAsync() =>
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":"quiet"}""", await Client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":"quiet"}"""));

    public ValueTask DisposeAsync() => Client.DisposeAsync();
}
