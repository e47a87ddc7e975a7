using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>The fan-out spec on the embedded backend: one node, in-memory streams.</summary>
public sealed class MemoryGroupFanOutTests : GroupFanOutSpec
{
    protected override async Task<IReadOnlyList<GatewayServer>> StartNodesAsync(Action<JsonRpcOptions>? configure) =>
        [await GatewayServer.StartAsync(configure)];
}
