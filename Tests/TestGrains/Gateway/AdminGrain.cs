using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class AdminGrain(Barriers barriers) : Grain, IAdminGrain
{
    public Task<string> Status(RpcContext context) => Task.FromResult("ok for " + context.User.Identity!.Name);

    public Task<string> Public() => Task.FromResult("open");

    public Task Poke(string barrier)
    {
        barriers.Signal(barrier);
        return Task.CompletedTask;
    }

    public Task<string> Adult() => Task.FromResult("adult");
}
