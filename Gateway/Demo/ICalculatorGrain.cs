using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>The arithmetic of the JSON-RPC 2.0 specification's examples.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface ICalculatorGrain : IGrainWithStringKey
{
    /// <summary>Answers synchronously, so it returns a ValueTask: the call allocates no task.</summary>
    [JsonRpcMethod("subtract")]
    ValueTask<long> Subtract(long minuend, long subtrahend);

    [JsonRpcMethod("sum")]
    Task<long> Sum(params long[] values);

    [JsonRpcMethod("get_data")]
    Task<object[]> GetData();

    [JsonRpcMethod("echo")]
    Task<JsonElement> Echo(JsonElement value);
}
