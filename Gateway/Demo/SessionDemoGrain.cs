using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

public sealed class SessionDemoGrain : Grain, ISessionDemoGrain
{
    public async Task<bool> SetConnectionValue(string key, JsonElement value, RpcContext context)
    {
        await context.ConnectionGrain.SetSessionValue(key, value);
        return true;
    }

    public Task<JsonElement?> GetConnectionValue(string key, RpcContext context) => context.ConnectionGrain.GetSessionValue(key);

    public async Task<bool> SetUserValue(string key, JsonElement value, RpcContext context)
    {
        await context.SessionGrain.SetValue(key, value);
        return true;
    }

    public Task<JsonElement?> GetUserValue(string key, RpcContext context) => context.SessionGrain.GetValue(key);

    public Task<WhoAmI> WhoAmI(RpcContext context) => Task.FromResult(new WhoAmI(
        context.ConnectionId,
        context.Transport == RpcTransport.WebSocket ? "websocket" : "http",
        context.User.Identity?.IsAuthenticated == true ? context.User.Identity.Name : null));
}
