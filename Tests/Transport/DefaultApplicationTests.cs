using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>The gateway exactly as `dotnet run --project Gateway` builds it: no test grains, no test services.</summary>
public sealed class DefaultApplicationTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task TheDefaultRunStartsAndServesBothTransports(string environment)
    {
        await using var server = await GatewayServer.StartDefaultAsync(environment);
        await using var http = new HttpRpcClient(server.HttpEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32001,"message":"Unauthorized"},"id":2}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"secret","id":2}"""));

        await using var ws = new WebSocketRpcClient(server.WebSocketEndpoint);
        await ws.SendAsync("""{"jsonrpc":"2.0","method":"group.join","params":["lobby"],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await ws.ReceiveAsync());
        await ws.SendAsync("""{"jsonrpc":"2.0","method":"group.send","params":["lobby","hi"],"id":2}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":"hi"}}""", await ws.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await ws.ReceiveAsync());
    }
}
