namespace OrleansRpc.Tests.Cluster;

/// <summary>Two Gateways and one headless Silo on one Redis, shared by the tests of a class.</summary>
public sealed class TwoGatewayFixture : IAsyncLifetime
{
    public ClusterTopology Cluster { get; private set; } = null!;

    public ClusterNode A => Cluster.Gateways[0];

    public ClusterNode B => Cluster.Gateways[1];

    public async Task InitializeAsync() => Cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1);

    public async Task DisposeAsync() => await Cluster.DisposeAsync();
}
