using System.Text.Json;
using OrleansRpc.Client;
using OrleansRpc.Tests.Infrastructure;
using StreamJsonRpc;
using StreamJsonRpc.Protocol;

namespace OrleansRpc.Tests.Client;

/// <summary>
/// Interoperability: StreamJsonRpc (Microsoft's JSON-RPC library, as Visual Studio uses it) calls the
/// same gateway in the same run as the typed client, and each sees what the other did.
/// </summary>
public sealed class StreamJsonRpcPeerTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task AStreamJsonRpcClientCallsByPositionAndByNameAndGetsErrors()
    {
        using var peer = await StreamJsonRpcPeer.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var rpc = peer.Rpc;

        Assert.Equal(19, await rpc.InvokeAsync<long>("subtract", 42, 23));
        Assert.Equal(19, await rpc.InvokeWithParameterObjectAsync<long>("subtract", new { minuend = 42, subtrahend = 23 }));
        var error = await Assert.ThrowsAsync<RemoteInvocationException>(() => rpc.InvokeAsync<string>("ping_with_error_data"));
        Assert.Equal(-32000, error.ErrorCode);
        Assert.Equal("pong_with_error", error.Message);
        var missing = await Assert.ThrowsAsync<RemoteMethodNotFoundException>(() => rpc.InvokeAsync<string>("no.such.method"));
        Assert.Equal(JsonRpcErrorCode.MethodNotFound, missing.ErrorCode);
    }

    [Fact]
    public async Task AStreamJsonRpcClientAndTheTypedClientShareAGroup()
    {
        var peerGot = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        // The server's notification params are {"payload": ...}: bound by name to the handler's parameter.
        using var peer = await StreamJsonRpcPeer.ConnectAsync(
            fixture.Server.WebSocketEndpoint,
            rpc => rpc.AddLocalRpcMethod("notification.notif", new Action<JsonElement>(payload => peerGot.TrySetResult(payload.GetRawText()))));
        var rpc = peer.Rpc;
        await using var typed = await JsonRpcClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        var typedGot = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        typed.On("notification.notif", p => typedGot.TrySetResult(p.GetProperty("payload").GetRawText()));

        Assert.True(await rpc.InvokeAsync<bool>("group.join", "interop"));
        Assert.True(await typed.CallAsync<bool>("group.join", new[] { "interop" }));
        Assert.True(await typed.CallAsync<bool>("group.send", new object[] { "interop", new { from = "typed" } }));

        Assert.Equal("""{"from":"typed"}""", await peerGot.Task.WaitAsync(TimeSpan.FromSeconds(15)));
        Assert.Equal("""{"from":"typed"}""", await typedGot.Task.WaitAsync(TimeSpan.FromSeconds(15)));
    }
}
