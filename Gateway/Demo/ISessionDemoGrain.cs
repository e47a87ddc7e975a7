using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>The original library's channel_session and http_user session, and who is calling.</summary>
public interface ISessionDemoGrain : IGrainWithStringKey
{
    [JsonRpcMethod("session.set")]
    Task<bool> SetConnectionValue(string key, JsonElement value, RpcContext context);

    [JsonRpcMethod("session.get")]
    Task<JsonElement?> GetConnectionValue(string key, RpcContext context);

    [JsonRpcMethod("user_session.set")]
    Task<bool> SetUserValue(string key, JsonElement value, RpcContext context);

    [JsonRpcMethod("user_session.get")]
    Task<JsonElement?> GetUserValue(string key, RpcContext context);

    [JsonRpcMethod("whoami")]
    Task<WhoAmI> WhoAmI(RpcContext context);
}
