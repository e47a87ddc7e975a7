using OrleansRpc.Connections;
using OrleansRpc.Groups;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Readme;

public sealed class ChatGrain : Grain, IChatGrain
{
    private string _nick = "anonymous";

    public async Task<int> Enter(string room, string nick, RpcContext context)
    {
        _nick = nick;
        await context.ConnectionGrain.JoinGroup(room);                    // left again when the socket ends
        await GrainFactory.GetGrain<IGroupGrain>(room).Notify("chat.joined", new { nick }); // everyone in the room, once serialized
        return await GrainFactory.CountGroupMembers(room);                // asks the nodes; activates nothing
    }

    public async Task<bool> Say(string room, string text, RpcContext context)
    {
        await GrainFactory.GetGrain<IGroupGrain>(room).Notify("chat.message", new { nick = _nick, text });
        await context.ConnectionGrain.Notify("chat.sent", new[] { text });  // only to the caller, before the answer
        return true;
    }
}
