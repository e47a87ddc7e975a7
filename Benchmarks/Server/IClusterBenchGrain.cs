using OrleansRpc.Rpc;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>What the cluster scenario asks a node: put a grain on it, and tell when another node is dead.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IClusterBenchGrain : IGrainWithStringKey
{
    /// <summary>Activates <see cref="IPlacedCalculatorGrain"/> <paramref name="key"/> on the node that answers (Orleans's placement hint).</summary>
    [JsonRpcMethod("bench.place_here")]
    Task<bool> PlaceHere(string key);

    /// <summary>
    /// Answers, with this node's silo address, once its view of the cluster has another node dead: the
    /// scenario sends it, kills the other node, and times the answer. Orleans's own failure detection
    /// takes seconds by design (<c>ClusterMembershipOptions</c>), hence the long timeout.
    /// </summary>
    [JsonRpcMethod("bench.await_other_dead")]
    [ResponseTimeout("00:02:00")]
    Task<string> AwaitOtherDead();

    /// <summary>The silo address of the node that answers, once every node of the cluster is active in its view.</summary>
    [JsonRpcMethod("bench.await_active")]
    Task<string> AwaitActive(int nodes);
}
