using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Methods that show how errors and per-transport restrictions reach a client.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IPingGrain : IGrainWithStringKey
{
    [JsonRpcMethod("ping")]
    Task<string> Ping(bool fake_an_error = false);

    [JsonRpcMethod("ping_with_error")]
    Task<string> PingWithError();

    [JsonRpcMethod("ping_with_error_data")]
    Task<string> PingWithErrorData();

    [JsonRpcMethod("ws_only", Http = false)]
    Task<string> WebSocketOnly();

    [JsonRpcMethod("http_only", WebSocket = false)]
    Task<string> HttpOnly();

    [JsonRpcMethod("crash")]
    Task<string> Crash();
}
