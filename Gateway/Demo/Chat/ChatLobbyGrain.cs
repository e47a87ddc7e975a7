using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Groups;

namespace OrleansRpc.Demo.Chat;

/// <summary>
/// Asks a room only when its group has members, so that a client asking about rooms by the thousand
/// activates none of them (ARCHITECTURE.md, "Bounds"). A room's nicknames are its members' (a closed tab is
/// dropped by the room's presence check), so a room whose group is empty has nobody to name.
/// </summary>
[StatelessWorker]
public sealed class ChatLobbyGrain : Grain, IChatLobbyGrain
{
    public async Task<string[]> Members(string room)
    {
        ChatDemoGrain.CheckRoom(room);
        if (await GrainFactory.CountGroupMembers(ChatDemoGrain.GroupOf(room)) == 0)
        {
            return [];
        }

        return await GrainFactory.GetGrain<IChatDemoGrain>(room).Members(room);
    }
}
