using System.Net.WebSockets;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Hosting;

/// <summary>
/// SIGTERM to real processes: the gateway answers the calls in progress, refuses new ones with -32003,
/// closes its WebSockets with 1001 after their last answer, stops its silo gracefully and exits 0; the
/// headless silo stops gracefully and exits 0.
/// </summary>
public sealed class ProcessShutdownTests
{
    // Orleans logs how its silo stopped at Debug when graceful, at Warning when not.
    private const string SiloLogAtDebug = "--Logging:LogLevel:Orleans.Runtime.Silo=Debug";

    [Fact]
    public async Task GatewayAnswersCallsInProgressThenClosesAndExitsZero()
    {
        await using var gateway = HostProcess.Start("Tests.Host", "OrleansRpc.Tests.Host.dll", "--urls", "http://127.0.0.1:0", SiloLogAtDebug);
        var address = new Uri((await gateway.WaitForLineAsync("listening ")).Split(' ')[1]);
        await using var socket = new WebSocketRpcClient(new Uri($"ws://{address.Authority}/ws"));
        await using var http = new HttpRpcClient(new Uri(address, "/rpc"));

        // One call in progress on each transport.
        await socket.SendAsync("""{"jsonrpc":"2.0","method":"test.hold","params":["ws"],"id":1}""");
        await gateway.WaitForLineAsync("entered ws");
        var httpHeld = http.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.hold","params":["http"],"id":1}""");
        await gateway.WaitForLineAsync("entered http");

        gateway.Terminate();
        await gateway.WaitForLineAsync("stopping");

        // A new call is refused while those run, and the WebSocket stays open for its answer. (New
        // connections are not: the server has stopped accepting them.)
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32003,"message":"Server busy","data":"The server is shutting down."},"id":2}""",
            await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));

        await gateway.WriteLineAsync("release ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"ws","id":1}""", await socket.ReceiveAsync());
        var (type, _) = await socket.ReceiveFrameAsync();
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
        await socket.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);

        await gateway.WriteLineAsync("release http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"http","id":1}""", await httpHeld);

        Assert.Equal(0, await gateway.ExitCodeAsync());
        AssertStoppedGracefully(gateway.Output);
    }

    [Fact]
    public async Task HeadlessSiloStopsGracefullyOnSigterm()
    {
        await using var silo = HostProcess.Start("Silo", "OrleansRpc.Silo.dll", SiloLogAtDebug);
        await silo.WaitForLineAsync(line => line.Contains("Application started.", StringComparison.Ordinal));

        silo.Terminate();

        Assert.Equal(0, await silo.ExitCodeAsync());
        AssertStoppedGracefully(silo.Output);
    }

    private static void AssertStoppedGracefully(string output)
    {
        Assert.Contains("Silo shutdown completed (graceful).", output);
        Assert.DoesNotContain("non-graceful", output);
        Assert.DoesNotContain("ungracefully", output);
        Assert.DoesNotContain("[stderr]", output);
    }
}
