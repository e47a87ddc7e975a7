using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Groups;

/// <summary>
/// A Gateway of a fan-out backend, as the spec drives it: where clients connect, and what its silo can
/// tell about the grains it holds. A grain's <c>kind</c> is <c>connection</c> or <c>group</c>.
/// </summary>
public interface IFanOutNode
{
    Uri WebSocketEndpoint { get; }

    RpcClient Client(string transport);

    /// <summary>Whether the grain has an activation on this node.</summary>
    Task<bool> IsActiveAsync(string kind, string key);

    /// <summary>Completes once the grain's activation on this node is gone; at once when it has none.</summary>
    Task WhenGoneAsync(string kind, string key);

    Task<long> SlowConsumersClosedAsync();
}
