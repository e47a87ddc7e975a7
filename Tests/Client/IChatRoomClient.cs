using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Client;

/// <summary>
/// The client's own view of <c>IChatRoomGrain</c>, as a service's client would declare it: the same
/// attributes, no <c>RpcContext</c>, no Orleans grain interface.
/// </summary>
public interface IChatRoomClient
{
    [JsonRpcMethod("chat.post")]
    Task<int> Post(string room, string text);

    [JsonRpcMethod("chat.history", WebSocket = false)]
    Task<string[]> History(string room, int last = 20);

    [JsonRpcNotification("chat.typing")]
    Task Typing(string room);
}
