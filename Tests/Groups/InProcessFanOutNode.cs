using Microsoft.Extensions.DependencyInjection;
using Orleans;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Groups;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>A gateway in the test's own process: its silo is asked directly.</summary>
public sealed class InProcessFanOutNode(GatewayServer server) : IFanOutNode
{
    public GatewayServer Server { get; } = server;

    public Uri WebSocketEndpoint => Server.WebSocketEndpoint;

    public RpcClient Client(string transport) => Server.Client(transport);

    public Task<bool> IsActiveAsync(string kind, string key) => Task.FromResult(Server.Activations.IsActive(GrainOf(kind, key)));

    public Task WhenGoneAsync(string kind, string key) => Server.Activations.WhenDeactivated(GrainOf(kind, key)).WaitAsync(TimeSpan.FromSeconds(15));

    public Task<long> SlowConsumersClosedAsync() => Task.FromResult(Server.Services.GetRequiredService<GatewayCounters>().SlowConsumersClosed);

    private GrainId GrainOf(string kind, string key)
    {
        var grains = Server.Services.GetRequiredService<IGrainFactory>();
        return kind switch
        {
            "connection" => grains.GetGrain<IConnectionGrain>(key).GetGrainId(),
            "group" => grains.GetGrain<IGroupGrain>(key).GetGrainId(),
            _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "connection or group"),
        };
    }
}
