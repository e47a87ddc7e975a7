using OrleansRpc.Tests.Groups;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>A Gateway process of a cluster, as the fan-out spec drives it: its silo is asked through its probes (Tests.Host).</summary>
public sealed class ClusterFanOutNode(ClusterNode node) : IFanOutNode
{
    public ClusterNode Node { get; } = node;

    public Uri WebSocketEndpoint => Node.WebSocketEndpoint;

    public RpcClient Client(string transport) => transport switch
    {
        "http" => new HttpRpcClient(Node.HttpEndpoint),
        "ws" => new WebSocketRpcClient(Node.WebSocketEndpoint),
        _ => throw new ArgumentOutOfRangeException(nameof(transport)),
    };

    public async Task<bool> IsActiveAsync(string kind, string key) =>
        (await ProbeAsync("test.is_active", $"\"{kind}\",\"{key}\"")).GetValue<bool>();

    public Task WhenGoneAsync(string kind, string key) =>
        ProbeAsync("test.when_gone", $"\"{kind}\",\"{key}\"").WaitAsync(TimeSpan.FromSeconds(15));

    public async Task<long> SlowConsumersClosedAsync() =>
        (await ProbeAsync("test.slow_consumers_closed", "")).GetValue<long>();

    /// <summary>A probe's result, asked of this node.</summary>
    public async Task<System.Text.Json.Nodes.JsonNode> ProbeAsync(string method, string parameters)
    {
        await using var http = new HttpRpcClient(Node.HttpEndpoint);
        return await http.CallAsync(method, parameters);
    }
}
