using Orleans;
using OrleansRpc.Connections;
using OrleansRpc.Groups;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo.Chat;

public sealed class ChatDemoGrain : Grain, IChatDemoGrain
{
    private const int MaxNickLength = 32;
    private const int MaxTextLength = 2000;
    private const int RecentKept = 50;
    private const int MaxRoomLength = GroupNames.MaxLength - 5;

    // A tab that closes says nothing; its socket's end is noticed by asking the members' connections this often.
    private static readonly TimeSpan PresenceCheck = TimeSpan.FromSeconds(2);

    private readonly Dictionary<string, string> _nicks = []; // connection id -> nickname
    private readonly Queue<ChatMessage> _recent = new();
    private IGrainTimer? _presence;

    private string Room => this.GetPrimaryKeyString();

    private IGroupGrain Group => GrainFactory.GetGrain<IGroupGrain>(GroupOf(Room));

    /// <summary>The group that carries a room's messages to its members' sockets.</summary>
    internal static string GroupOf(string room) => "chat." + room;

    public async Task<ChatRoomView> Join(string room, string nick, RpcContext context)
    {
        CheckRoom(room);
        nick = nick.Trim();
        if (nick.Length is 0 or > MaxNickLength || nick.Any(char.IsControl))
        {
            throw InvalidParam("nick", $"'nick' must have 1 to {MaxNickLength} characters, none of them control characters");
        }

        foreach (var (connection, taken) in _nicks)
        {
            if (connection != context.ConnectionId && string.Equals(taken, nick, StringComparison.OrdinalIgnoreCase))
            {
                // A page whose socket dropped comes back on a new connection under its old name, maybe
                // before the presence check has noticed: the name is taken only if its holder is still there.
                if (await IsOpenAsync(connection))
                {
                    throw new JsonRpcException(ChatErrors.NickTaken, "Nickname taken", new { room, nick });
                }

                _nicks.Remove(connection);
                break;
            }
        }

        await context.ConnectionGrain.JoinGroup(GroupOf(Room));
        _nicks[context.ConnectionId] = nick;
        _presence ??= this.RegisterGrainTimer(CheckPresenceAsync, new GrainTimerCreationOptions(PresenceCheck, PresenceCheck) { KeepAlive = true });
        await PublishMembersAsync();
        return new ChatRoomView(Room, MemberList(), [.. _recent]);
    }

    public async Task<ChatMessage> Send(string room, string text, RpcContext context)
    {
        CheckRoom(room);
        if (!_nicks.TryGetValue(context.ConnectionId, out var nick))
        {
            throw new JsonRpcException(ChatErrors.NotInRoom, "Join the room first", new { room });
        }

        if (string.IsNullOrWhiteSpace(text) || text.Length > MaxTextLength)
        {
            throw InvalidParam("text", $"'text' must have 1 to {MaxTextLength} characters, not only white space");
        }

        var message = new ChatMessage(Room, nick, text, DateTimeOffset.UtcNow);
        _recent.Enqueue(message);
        if (_recent.Count > RecentKept)
        {
            _recent.Dequeue();
        }

        await Group.Notify("chat.message", message);
        return message;
    }

    public async Task<bool> Leave(string room, RpcContext context)
    {
        CheckRoom(room);
        if (!_nicks.Remove(context.ConnectionId))
        {
            return false;
        }

        StopPresenceChecksWhenEmpty();
        await context.ConnectionGrain.LeaveGroup(GroupOf(Room));
        await PublishMembersAsync();
        return true;
    }

    public Task<string[]> Members(string room)
    {
        CheckRoom(room);
        return Task.FromResult(MemberList());
    }

    private async Task CheckPresenceAsync(CancellationToken cancellationToken)
    {
        var gone = new List<string>();
        foreach (var connection in _nicks.Keys)
        {
            if (!await IsOpenAsync(connection))
            {
                gone.Add(connection);
            }
        }

        if (gone.Count == 0)
        {
            return;
        }

        foreach (var connection in gone)
        {
            _nicks.Remove(connection);
        }

        StopPresenceChecksWhenEmpty();
        await PublishMembersAsync();
    }

    // Once nobody is left the room may be collected like any idle grain (its recent messages with it).
    private void StopPresenceChecksWhenEmpty()
    {
        if (_nicks.Count == 0)
        {
            _presence?.Dispose();
            _presence = null;
        }
    }

    // A closed connection's grain answers null (and goes): the gateway closes it with its socket.
    private async Task<bool> IsOpenAsync(string connection) =>
        await GrainFactory.GetGrain<IConnectionGrain>(connection).GetInfo() is not null;

    private Task PublishMembersAsync() => Group.Notify("chat.members", new ChatMembers(Room, MemberList()));

    private string[] MemberList()
    {
        var members = _nicks.Values.ToArray();
        Array.Sort(members, StringComparer.OrdinalIgnoreCase);
        return members;
    }

    internal static void CheckRoom(string room)
    {
        if (room.Length > MaxRoomLength || !GroupNames.IsValid(room))
        {
            throw InvalidParam("room", $"'room' must have 1 to {MaxRoomLength} characters: letters, digits, '-', '_' and '.'");
        }
    }

    private static JsonRpcException InvalidParam(string parameter, string reason) =>
        new(JsonRpcErrorCodes.InvalidParams, "Invalid params", new { parameter, reason });
}
