using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class RoomGrain : Grain, IRoomGrain
{
    private readonly List<string> _posts = [];

    public Task<string> Post(string room, string text)
    {
        _posts.Add(text);
        return Task.FromResult($"{this.GetPrimaryKeyString()}:{string.Join(",", _posts)}");
    }
}
