using Orleans.Placement;

namespace OrleansRpc.Grains.Placement;

/// <summary>The grain lives on the node its key names (<see cref="ConnectionPlacement"/>).</summary>
[AttributeUsage(AttributeTargets.Class, AllowMultiple = false)]
public sealed class ConnectionPlacementAttribute() : PlacementAttribute(ConnectionPlacement.Instance);
