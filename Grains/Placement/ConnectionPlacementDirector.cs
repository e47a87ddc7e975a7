using Orleans.Placement;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OrleansRpc.Grains.Placement;

/// <summary>
/// Finds the live silo whose tag the key starts with. When there is none (the node is gone, or the key
/// is not a connection id), the grain goes to the calling silo, where it finds no socket and acts closed.
/// </summary>
internal sealed class ConnectionPlacementDirector : IPlacementDirector
{
    public Task<SiloAddress> OnAddActivation(PlacementStrategy strategy, PlacementTarget target, IPlacementContext context)
    {
        var silos = context.GetCompatibleSilos(target);
        var tag = NodeTag.FromKey(target.GrainIdentity.Key.ToString());
        foreach (var silo in silos)
        {
            if (tag.SequenceEqual(NodeTag.Of(silo)))
            {
                return Task.FromResult(silo);
            }
        }

        return Task.FromResult(Array.IndexOf(silos, context.LocalSilo) >= 0 ? context.LocalSilo : silos[0]);
    }
}
