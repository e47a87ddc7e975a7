using System.Text.Json;
using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Host;

/// <summary>What the cluster tests ask a node: push to any connection, where a grain lives, when it goes, and what the node counted.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IClusterProbeGrain : IGrainWithStringKey
{
    /// <summary>Sends <c>{"payload": payload}</c> to a connection, wherever its socket is.</summary>
    [JsonRpcMethod("test.push")]
    Task<bool> Push(string connection, string method, JsonElement payload);

    /// <summary>
    /// Activates a group's grain on the silo at <paramref name="silo"/> (Orleans's placement hint), so a
    /// test knows where it lives; answers where it does.
    /// </summary>
    [JsonRpcMethod("test.place_group")]
    Task<string?> PlaceGroup(string group, string silo);

    /// <summary>Answers once this node's view of the cluster has the silo at <paramref name="silo"/> dead: a barrier for failure tests.</summary>
    [JsonRpcMethod("test.await_dead")]
    Task<bool> AwaitDead(string silo);

    /// <summary>Answers once this node's view of the cluster has at least <paramref name="count"/> active members: a barrier for a cluster's start.</summary>
    [JsonRpcMethod("test.await_active")]
    Task<bool> AwaitActive(int count);

    /// <summary>The silo addresses of the active members of the cluster, as this node sees them.</summary>
    [JsonRpcMethod("test.active_silos")]
    Task<string[]> ActiveSilos();

    /// <summary>Activates the caller's session grain on the silo at <paramref name="silo"/> (Orleans's placement hint); answers where it lives.</summary>
    [JsonRpcMethod("test.place_my_session")]
    Task<string?> PlaceMySession(string silo, RpcContext context);

    /// <summary>The silo address of a grain (<paramref name="kind"/> <c>connection</c> or <c>group</c>), or null when it has no activation.</summary>
    [JsonRpcMethod("test.where")]
    Task<string?> Where(string kind, string key);

    /// <summary>Whether the grain (<paramref name="kind"/> <c>connection</c> or <c>group</c>) has an activation on this node.</summary>
    [JsonRpcMethod("test.is_active")]
    Task<bool> IsActive(string kind, string key);

    /// <summary>Answers once the grain's activation on this node is gone; at once when it has none.</summary>
    [JsonRpcMethod("test.when_gone")]
    Task<bool> WhenGone(string kind, string key);

    /// <summary>Orleans's idle collection, now, on every silo of the cluster, whatever each activation's age.</summary>
    [JsonRpcMethod("test.collect")]
    Task<bool> CollectIdle();

    /// <summary>This process's memory, after a full collection: what the memory tests compare.</summary>
    [JsonRpcMethod("test.memory")]
    Task<ProcessMemory> Memory();

    /// <summary>How many slow consumers this Gateway has closed.</summary>
    [JsonRpcMethod("test.slow_consumers_closed")]
    Task<long> SlowConsumersClosed();
}
