using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Readme;

/// <summary>The README's example, compiled and served here so that the README cannot go stale.</summary>
[RpcGrainKey(RpcKeyKind.Parameter, "room")]
public interface IChatRoomGrain : IGrainWithStringKey
{
    [JsonRpcMethod("chat.post")]
    Task<int> Post(string room, string text, RpcContext context);

    [JsonRpcMethod("chat.history", WebSocket = false)]
    Task<string[]> History(string room, int last = 20);

    [JsonRpcNotification("chat.typing")]
    Task Typing(string room, RpcContext context);
}
