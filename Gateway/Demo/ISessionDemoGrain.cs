using System.ComponentModel;
using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>The original library's channel_session and http_user session, and who is calling.</summary>
public interface ISessionDemoGrain : IGrainWithStringKey
{
    [Description("Stores a value in this connection's channel_session.")]
    [JsonRpcMethod("session.set")]
    Task<bool> SetConnectionValue(string key, JsonElement value, RpcContext context);

    [Description("A value of this connection's channel_session, or null.")]
    [JsonRpcMethod("session.get")]
    Task<JsonElement?> GetConnectionValue(string key, RpcContext context);

    [Description("Stores a value in the browser session (the session cookie), shared by its HTTP calls and WebSockets.")]
    [JsonRpcMethod("user_session.set")]
    Task<bool> SetUserValue(string key, JsonElement value, RpcContext context);

    [Description("A value of the browser session, or null.")]
    [JsonRpcMethod("user_session.get")]
    Task<JsonElement?> GetUserValue(string key, RpcContext context);

    [Description("{connection, transport, user}: who is calling, and over what.")]
    [JsonRpcMethod("whoami")]
    Task<WhoAmI> WhoAmI(RpcContext context);
}
