using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Runtime.Placement;

namespace OrleansRpc.Benchmarks.Server;

[StatelessWorker]
public sealed class ClusterBenchGrain(IClusterMembershipService membership, ILocalSiloDetails self) : Grain, IClusterBenchGrain
{
    public async Task<bool> PlaceHere(string key)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, self.SiloAddress);
        try
        {
            await GrainFactory.GetGrain<IPlacedCalculatorGrain>(key).Touch();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }

        var address = await GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(GrainFactory.GetGrain<IPlacedCalculatorGrain>(key));
        return self.SiloAddress.Equals(address);
    }

    public async Task<string> AwaitOtherDead()
    {
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            foreach (var (silo, member) in snapshot.Members)
            {
                if (!silo.Equals(self.SiloAddress) && member.Status == SiloStatus.Dead)
                {
                    return self.SiloAddress.ToParsableString();
                }
            }
        }

        throw new InvalidOperationException("Membership updates ended.");
    }

    public async Task<string> AwaitActive(int nodes)
    {
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            var active = 0;
            foreach (var (_, member) in snapshot.Members)
            {
                active += member.Status == SiloStatus.Active ? 1 : 0;
            }

            if (active >= nodes)
            {
                return self.SiloAddress.ToParsableString();
            }
        }

        throw new InvalidOperationException("Membership updates ended.");
    }
}
