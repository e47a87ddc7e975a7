using OrleansRpc.Tests.Groups;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// The fan-out spec's cluster: two Gateway processes and one headless Silo on a throwaway Redis. Unless a
/// test says where, a group's grain lives on the Silo, so every send crosses from the Gateway that takes
/// it to the Silo and back out to both Gateways.
/// </summary>
public sealed class ClusterFanOutBackend : IFanOutBackend, IAsyncLifetime
{
    private readonly string[] _settings;
    private ClusterTopology? _cluster;
    private ClusterFanOutNode[] _nodes = [];
    private string _headlessSilo = "";

    public ClusterFanOutBackend()
        : this([])
    {
    }

    private ClusterFanOutBackend(string[] settings) => _settings = settings;

    public IReadOnlyList<IFanOutNode> Nodes => _nodes;

    public ClusterTopology Cluster => _cluster!;

    public async Task InitializeAsync()
    {
        _cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1, _settings);
        _nodes = [.. _cluster.Gateways.Select(node => new ClusterFanOutNode(node))];
        _headlessSilo = await _cluster.HeadlessSiloAsync();
    }

    public async Task<string> NewGroupAsync(IFanOutNode? home = null)
    {
        var group = "g-" + Guid.NewGuid().ToString("N");
        var silo = home is ClusterFanOutNode gateway ? gateway.Node.Silo : _headlessSilo;
        var placed = await _nodes[0].ProbeAsync("test.place_group", $"\"{group}\",\"{silo}\"");
        Assert.Equal(silo, placed.GetValue<string>());
        return group;
    }

    public Task CollectIdleActivationsAsync() => _nodes[0].ProbeAsync("test.collect", "");

    public async Task<IFanOutBackend> StartAnotherAsync(params string[] settings)
    {
        var another = new ClusterFanOutBackend(settings);
        try
        {
            await another.InitializeAsync();
            return another;
        }
        catch
        {
            await another.DisposeAsync();
            throw;
        }
    }

    async Task IAsyncLifetime.DisposeAsync() => await DisposeAsync();

    public async ValueTask DisposeAsync()
    {
        if (_cluster is not null)
        {
            await _cluster.DisposeAsync();
        }
    }
}
