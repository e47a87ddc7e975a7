using System.ComponentModel;
using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>The arithmetic of the JSON-RPC 2.0 specification's examples.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface ICalculatorGrain : IGrainWithStringKey
{
    /// <summary>Answers synchronously, so it returns a ValueTask: the call allocates no task.</summary>
    [Description("minuend - subtrahend, checked: -32602 past 64 bits.")]
    [JsonRpcMethod("subtract")]
    ValueTask<long> Subtract(long minuend, long subtrahend);

    [Description("The sum of any number of integers, checked: -32602 past 64 bits.")]
    [JsonRpcMethod("sum")]
    Task<long> Sum(params long[] values);

    [Description("[\"hello\", 5].")]
    [JsonRpcMethod("get_data")]
    Task<object[]> GetData();

    [Description("Its value, whatever JSON it is.")]
    [JsonRpcMethod("echo")]
    Task<JsonElement> Echo(JsonElement value);
}
