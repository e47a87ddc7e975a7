using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>A Gateway process of a test cluster: where it serves, and its silo's address.</summary>
public sealed record ClusterNode(TestProcess Process, Uri Address, string Silo)
{
    public Uri HttpEndpoint => new(Address, "/rpc");

    public Uri WebSocketEndpoint => new($"ws://{Address.Authority}/ws");
}
