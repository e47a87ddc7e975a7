using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Runtime.Placement;
using OrleansRpc.Testing;

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

    public async Task<string> AwaitActive(int nodes) =>
        await membership.WhenActiveAsync(nodes) ? self.SiloAddress.ToParsableString() : throw new InvalidOperationException("Membership updates ended.");
}
