using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>Behaviour that needs a gateway of its own: shutdown, timeouts, detailed errors.</summary>
public sealed class GatewayLifecycleTests
{
    [Fact]
    public async Task ShutdownClosesWebSockets1001()
    {
        var server = await GatewayServer.StartAsync();
        await using var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        var stopping = server.DisposeAsync().AsTask();
        var (type, _) = await client.ReceiveFrameAsync();
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, client.Socket.CloseStatus);
        await client.Socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        await stopping.WaitAsync(TimeSpan.FromSeconds(30));
    }

    [Fact]
    public async Task AClientThatStopsAnsweringPingsIsDisconnectedAndCleanedUp()
    {
        await using var server = await GatewayServer.StartAsync(o =>
        {
            o.KeepAliveInterval = TimeSpan.FromMilliseconds(100);
            o.KeepAliveTimeout = TimeSpan.FromMilliseconds(300);
        });
        var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        await client.ConnectAsync(o => o.KeepAliveInterval = TimeSpan.Zero);
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.connection","id":1}"""))!)!["result"]!.GetValue<string>();

        // The client no longer reads, so it never answers the server's pings.
        await server.Services.GetBarriers().WaitAsync("deactivated:" + id);
        client.Socket.Abort();
        client.Socket.Dispose();
    }

    [Fact]
    public async Task CallsInProgressFinishBeforeTheConnectionGrainGoes()
    {
        await using var server = await GatewayServer.StartAsync();
        var barriers = server.Services.GetBarriers();
        var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.connection","id":1}"""))!)!["result"]!.GetValue<string>();
        var barrier = Guid.NewGuid().ToString("N");
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait","params":["{{barrier}}"],"id":2}""");
        await barriers.WaitAsync(barrier + ":entered");

        client.Socket.Abort();
        client.Socket.Dispose();
        var deactivated = barriers.Get("deactivated:" + id).Task;
        Assert.True(server.Activations.IsActive<OrleansRpc.Tests.TestGrains.Gateway.IProbeGrain>(id));
        Assert.False(deactivated.IsCompleted);

        barriers.Signal(barrier);
        await deactivated.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task AMethodsCancellationTokenIsCancelledWhenItsWebSocketGoes(bool closedCleanly)
    {
        await using var server = await GatewayServer.StartAsync();
        var barriers = server.Services.GetBarriers();
        var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        var barrier = Guid.NewGuid().ToString("N");
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait_for_cancellation","params":["{{barrier}}"],"id":1}""");
        await barriers.WaitAsync(barrier + ":entered");

        if (closedCleanly)
        {
            await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        }
        else
        {
            client.Socket.Abort();
        }

        client.Socket.Dispose();
        await barriers.WaitAsync(barrier + ":cancelled");
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task SlowCallTimesOutWithOrleansResponseTimeout(string transport)
    {
        await using var server = await GatewayServer.StartAsync(
            services: s => s.Configure<SiloMessagingOptions>(o => o.ResponseTimeout = TimeSpan.FromMilliseconds(200)));
        await AssertTimesOutThenServesAgain(server, transport, "test.wait");
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task ResponseTimeoutAttributeOnTheMethodApplies(string transport)
    {
        // The silo's response timeout stays at its default; the method's own [ResponseTimeout] is 200 ms.
        await using var server = await GatewayServer.StartAsync();
        await AssertTimesOutThenServesAgain(server, transport, "test.wait_briefly");
    }

    private static async Task AssertTimesOutThenServesAgain(GatewayServer server, string transport, string method)
    {
        var barrier = Guid.NewGuid().ToString("N");
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":["{{barrier}}"],"id":7}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32002,"message":"Request timed out","data":"No answer within the grain call's response timeout."},"id":7}""", answer);

        // The grain's turn lasts until the method really ends; then the grain serves calls again.
        server.Services.GetBarriers().Signal(barrier);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"default","id":8}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"DefaultName","id":8}"""));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task DevelopmentShowsExceptionMessagesButNoStackTrace(string transport)
    {
        await using var server = await GatewayServer.StartAsync(environment: "Development");
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"crash","id":1}""");
        var error = JsonNode.Parse(answer!)!["error"]!;
        Assert.Equal(-32000, error["code"]!.GetValue<int>());
        Assert.Contains("internal detail", error["message"]!.GetValue<string>());
        Assert.DoesNotContain(" at ", answer);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task ProductionHidesExceptionMessages(string transport)
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"crash","id":1}""");
        Assert.DoesNotContain("internal detail", answer);
        Assert.DoesNotContain(" at ", answer);
    }
}
