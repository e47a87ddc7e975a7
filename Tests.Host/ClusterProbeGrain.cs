using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime.Placement;
using Orleans.Runtime;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Groups;
using OrleansRpc.Rpc;
using OrleansRpc.Sessions;

using OrleansRpc.Testing;

namespace OrleansRpc.Tests.Host;

[StatelessWorker]
public sealed class ClusterProbeGrain(IClusterMembershipService membership, ActivationProbe activations, GatewayCounters counters) : Grain, IClusterProbeGrain
{
    public async Task<bool> AwaitDead(string silo)
    {
        var address = SiloAddress.FromParsableString(silo);
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            if (snapshot.GetSiloStatus(address) == SiloStatus.Dead)
            {
                return true;
            }
        }

        return false;
    }

    public Task<bool> AwaitActive(int count) => membership.WhenActiveAsync(count);

    public Task<string[]> ActiveSilos()
    {
        var active = new List<string>();
        foreach (var (silo, member) in membership.CurrentSnapshot.Members)
        {
            if (member.Status == SiloStatus.Active)
            {
                active.Add(silo.ToParsableString());
            }
        }

        return Task.FromResult(active.ToArray());
    }

    public async Task<bool> Push(string connection, string method, JsonElement payload)
    {
        await GrainFactory.GetGrain<IConnectionGrain>(connection).Notify(method, new { payload });
        return true;
    }

    public async Task<string?> PlaceGroup(string group, string silo)
    {
        // A report of no members from a node that is none: unlike a count, it does not make an empty group go.
        await OnSiloAsync(silo, () => GrainFactory.GetGrain<IGroupMembershipGrain>(group).Join("probe.0", new NodeMembers(0, 0)));

        return await Where("group", group);
    }

    public async Task<string?> PlaceMySession(string silo, RpcContext context)
    {
        var session = GrainFactory.GetGrain<ISessionGrain>(context.SessionId!);
        await OnSiloAsync(silo, () => session.GetValue("placed"));

        var address = await GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(GrainFactory.GetGrain<ISessionGrain>(context.SessionId!));
        return address?.ToParsableString();
    }

    public async Task<string?> Where(string kind, string key)
    {
        var address = await GrainFactory.GetGrain<IManagementGrain>(0).GetActivationAddress(GrainOf(kind, key));
        return address?.ToParsableString();
    }

    public Task<bool> IsActive(string kind, string key) => Task.FromResult(activations.IsActive(GrainOf(kind, key).GetGrainId()));

    public async Task<bool> WhenGone(string kind, string key)
    {
        await activations.WhenDeactivated(GrainOf(kind, key).GetGrainId());
        return true;
    }

    public async Task<bool> CollectIdle()
    {
        await GrainFactory.GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);
        return true;
    }

    public Task<long> SlowConsumersClosed() => Task.FromResult(counters.SlowConsumersClosed);

    public Task<ProcessMemory> Memory()
    {
        System.Runtime.GCSettings.LargeObjectHeapCompactionMode = System.Runtime.GCLargeObjectHeapCompactionMode.CompactOnce;
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        GC.Collect(GC.MaxGeneration, GCCollectionMode.Forced, blocking: true, compacting: true);
        return Task.FromResult(new ProcessMemory(GC.GetTotalMemory(forceFullCollection: false), GC.GetGCMemoryInfo().TotalCommittedBytes));
    }

    private IAddressable GrainOf(string kind, string key) => kind switch
    {
        "connection" => GrainFactory.GetGrain<IConnectionGrain>(key),
        "group" => GrainFactory.GetGrain<IGroupGrain>(key),
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "connection or group"),
    };

    /// <summary>Makes a call whose grain, if it activates, is placed on <paramref name="silo"/> (Orleans's placement hint).</summary>
    private static async Task OnSiloAsync(string silo, Func<Task> call)
    {
        RequestContext.Set(IPlacementDirector.PlacementHintKey, SiloAddress.FromParsableString(silo));
        try
        {
            await call();
        }
        finally
        {
            RequestContext.Remove(IPlacementDirector.PlacementHintKey);
        }
    }
}
