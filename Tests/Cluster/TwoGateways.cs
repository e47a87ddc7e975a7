using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// A cluster of two Gateways on Redis, shared by the tests of one class (each uses grains of its own), and
/// the way to put a test's grain on the Gateway that does not hold its socket.
/// </summary>
public sealed class TwoGateways : IAsyncLifetime
{
    private ClusterTopology? _cluster;

    public ClusterTopology Cluster => _cluster ?? throw new InvalidOperationException("The cluster has not started.");

    /// <summary>The Gateway the test's socket is on.</summary>
    public ClusterNode Near => Cluster.Gateways[0];

    /// <summary>The Gateway the test's grain runs on.</summary>
    public ClusterNode Far => Cluster.Gateways[1];

    public async Task InitializeAsync() => _cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 0);

    public async Task DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }

    /// <summary>
    /// A fresh name of a <c>test.*</c> wait grain, activated on <see cref="Far"/> by a call made there (Orleans
    /// places a new activation on the caller's node), which the test then calls through <see cref="Near"/>.
    /// </summary>
    public async Task<string> GrainOnFarNodeAsync()
    {
        var name = Guid.NewGuid().ToString("N");
        await using var http = new HttpRpcClient(Far.HttpEndpoint);
        Assert.Equal(Far.Silo, (await http.CallAsync("test.wait_here", $"\"{name}\"")).GetValue<string>());
        return name;
    }
}
