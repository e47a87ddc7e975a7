using System.Diagnostics.Metrics;
using OrleansRpc.Diagnostics;

namespace OrleansRpc.Grains.Groups;

/// <summary>Group sends and the deliveries they made, on the product's meter (<see cref="OrleansRpcMeter"/>).</summary>
public sealed class GroupMetrics
{
    private readonly Counter<long> _sends;
    private readonly Counter<long> _deliveries;

    public GroupMetrics(IMeterFactory meterFactory)
    {
        var meter = meterFactory.Create(OrleansRpcMeter.Name);
        _sends = meter.CreateCounter<long>("orleansrpc.group.sends", "{notification}", "Notifications published to groups.");
        _deliveries = meter.CreateCounter<long>("orleansrpc.group.deliveries", "{notification}", "Group notifications queued on members' connections, on this node.");
    }

    internal void Sent() => _sends.Add(1);

    internal void Delivered(long deliveries)
    {
        if (deliveries > 0)
        {
            _deliveries.Add(deliveries);
        }
    }
}
