using OrleansRpc.Rpc;
using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Demo;

[StatelessWorker]
public sealed class PingGrain : Grain, IPingGrain
{
    public Task<string> Ping(bool fake_an_error = false) =>
        fake_an_error
            ? throw new JsonRpcException(JsonRpcErrorCodes.ServerError, "fake_error")
            : Task.FromResult("pong");

    public Task<string> PingWithError() => throw new JsonRpcException(JsonRpcErrorCodes.ServerError, "pong_with_error");

    public Task<string> PingWithErrorData() =>
        throw new JsonRpcException(JsonRpcErrorCodes.ServerError, "pong_with_error", new object[] { "test_data", true });

    public Task<string> WebSocketOnly() => Task.FromResult("ws");

    public Task<string> HttpOnly() => Task.FromResult("http");

    public Task<string> Crash() => throw new InvalidOperationException("crash: internal detail that clients must not see");
}
