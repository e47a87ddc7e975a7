using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Keyed by a parameter: every call names the room grain it goes to.</summary>
[RpcGrainKey(RpcKeyKind.Parameter, "room")]
public interface IRoomGrain : IGrainWithStringKey
{
    [JsonRpcMethod("room.post")]
    Task<string> Post(string room, string text);
}
