using System.Net.WebSockets;
using System.Text.Json.Nodes;
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

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task SlowCallTimesOut(string transport)
    {
        await using var server = await GatewayServer.StartAsync(o => o.CallTimeout = TimeSpan.FromMilliseconds(200));
        var barrier = Guid.NewGuid().ToString("N");
        await using var client = server.Client(transport);
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.wait","params":["{{barrier}}"],"id":7}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32002,"message":"Request timed out"},"id":7}""", answer);

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
