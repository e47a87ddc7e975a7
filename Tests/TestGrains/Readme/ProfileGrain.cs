using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Readme;

public sealed class ProfileGrain : Grain, IProfileGrain
{
    public async Task<bool> Remember(string key, JsonElement value, RpcContext context)
    {
        await context.ConnectionGrain.SetSessionValue(key, value);
        await context.SessionGrain.SetValue(key, value);
        return true;
    }

    public Task<string> Admin(RpcContext context) => Task.FromResult($"hello {context.User.Identity!.Name}");
}
