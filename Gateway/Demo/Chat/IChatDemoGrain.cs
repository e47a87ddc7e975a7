using System.ComponentModel;
using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo.Chat;

/// <summary>
/// The chat page's rooms (key = room name): members by nickname, the recent messages, and a group per
/// room that carries <c>chat.message</c> and <c>chat.members</c> to every member's socket, on any node.
/// </summary>
[RpcGrainKey(RpcKeyKind.Parameter, "room")]
public interface IChatDemoGrain : IGrainWithStringKey
{
    /// <summary>Joins the room under a nickname (a socket's own; WebSocket only, since a room pushes).</summary>
    [Description("Joins a room under a nickname; answers the members and the recent messages (WebSocket only).")]
    [JsonRpcMethod("chat.join", Http = false)]
    [JsonRpcError(ChatErrors.NickTaken, "Nickname taken")]
    Task<ChatRoomView> Join(string room, string nick, RpcContext context);

    /// <summary>Sends a message to everyone in the room, the sender too; the caller must have joined.</summary>
    [Description("Sends a message to everyone in the room, the sender too; pushed as chat.message.")]
    [JsonRpcMethod("chat.send", Http = false)]
    [JsonRpcError(ChatErrors.NotInRoom, "Join the room first")]
    Task<ChatMessage> Send(string room, string text, RpcContext context);

    [Description("Leaves the room; whether the connection was in it.")]
    [JsonRpcMethod("chat.leave", Http = false)]
    Task<bool> Leave(string room, RpcContext context);

    /// <summary>Who is in the room: <c>chat.members</c> asks here only when the room's group has members.</summary>
    Task<string[]> Members(string room);
}
