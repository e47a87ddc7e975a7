using System.ComponentModel;
using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo.Chat;

/// <summary>What the chat answers about its rooms without being in one.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IChatLobbyGrain : IGrainWithStringKey
{
    /// <summary>Who is in the room; over HTTP too, for a page that only looks.</summary>
    [Description("The nicknames in a room; pushed as chat.members whenever they change.")]
    [JsonRpcMethod("chat.members")]
    Task<string[]> Members(string room);
}
