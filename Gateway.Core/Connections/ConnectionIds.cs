namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Connection ids of the form <c>{node}.{n}</c>: the node part names the gateway process that owns the
/// socket, so any node can tell where to deliver to a connection.
/// </summary>
public sealed class ConnectionIds
{
    private long _next;

    public ConnectionIds(string? nodeId = null)
    {
        NodeId = nodeId ?? Convert.ToHexStringLower(BitConverter.GetBytes(Random.Shared.NextInt64()), 0, 4);
    }

    public string NodeId { get; }

    public string Next() => string.Concat(NodeId, ".", Interlocked.Increment(ref _next).ToString("x", System.Globalization.CultureInfo.InvariantCulture));
}
