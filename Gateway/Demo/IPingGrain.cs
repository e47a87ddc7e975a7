using System.ComponentModel;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Methods that show how errors and per-transport restrictions reach a client.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IPingGrain : IGrainWithStringKey
{
    [Description("\"pong\"; with fake_an_error, error -32000 \"fake_error\".")]
    [JsonRpcMethod("ping")]
    Task<string> Ping(bool fake_an_error = false);

    [Description("Always error -32000 \"pong_with_error\".")]
    [JsonRpcMethod("ping_with_error")]
    Task<string> PingWithError();

    [Description("Always error -32000 \"pong_with_error\", with data.")]
    [JsonRpcMethod("ping_with_error_data")]
    Task<string> PingWithErrorData();

    [Description("\"ws\"; over WebSocket only.")]
    [JsonRpcMethod("ws_only", Http = false)]
    Task<string> WebSocketOnly();

    [Description("\"http\"; over HTTP only.")]
    [JsonRpcMethod("http_only", WebSocket = false)]
    Task<string> HttpOnly();

    [Description("Throws: the client gets -32000 \"Server error\", the exception's message only in Development.")]
    [JsonRpcMethod("crash")]
    Task<string> Crash();
}
