using OrleansRpc.Rpc;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// The calculator's <c>subtract</c>, in a grain keyed by a parameter, so that the cluster scenario can put
/// a key's grain on the node it chooses (<c>bench.place_here</c>) and call it from either node.
/// </summary>
[RpcGrainKey(RpcKeyKind.Parameter, "key")]
public interface IPlacedCalculatorGrain : IGrainWithStringKey
{
    [JsonRpcMethod("bench.subtract_on")]
    ValueTask<long> Subtract(string key, long minuend, long subtrahend);

    /// <summary>Nothing; activating the grain is the point (see <see cref="IClusterBenchGrain.PlaceHere"/>).</summary>
    Task Touch();
}
