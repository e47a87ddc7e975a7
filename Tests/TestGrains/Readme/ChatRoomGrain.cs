using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Readme;

public sealed class ChatRoomGrain : Grain, IChatRoomGrain
{
    private readonly List<string> _messages = [];

    public Task<int> Post(string room, string text, RpcContext context)
    {
        _messages.Add($"{context.ConnectionId}: {text}");
        return Task.FromResult(_messages.Count);
    }

    public Task<string[]> History(string room, int last = 20) => Task.FromResult(_messages.TakeLast(last).ToArray());

    public Task Typing(string room, RpcContext context) => Task.CompletedTask;
}
