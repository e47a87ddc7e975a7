namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>
/// The Gateways the load balancer in front of the chaos load sends clients to. As a real one, it learns
/// of a crash only once the node is declared dead, and of a stop before the node stops.
/// </summary>
internal sealed class ChaosGateways
{
    private readonly List<ClusterNode> _up = [];

    public void Add(ClusterNode node)
    {
        lock (_up)
        {
            _up.Add(node);
        }
    }

    public void Remove(ClusterNode node)
    {
        lock (_up)
        {
            _up.Remove(node);
        }
    }

    public ClusterNode Pick(Random random)
    {
        lock (_up)
        {
            return _up[random.Next(_up.Count)];
        }
    }

    public ClusterNode[] Snapshot()
    {
        lock (_up)
        {
            return [.. _up];
        }
    }
}
