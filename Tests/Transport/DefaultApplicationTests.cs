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

    [Fact]
    public async Task TheDefaultRunServesTheChatPageAndTheBrowserClient()
    {
        await using var server = await GatewayServer.StartDefaultAsync("Production");
        using var http = new HttpClient { BaseAddress = server.Address };

        var page = await http.GetAsync("/");
        Assert.Equal(System.Net.HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<title>OrleansRpc chat</title>", await page.Content.ReadAsStringAsync());
        var script = await http.GetAsync("/chat.js");
        Assert.Contains("import { connect, progress, RpcError } from \"/orleansrpc.js\";", await script.Content.ReadAsStringAsync());
        var client = await http.GetAsync("/orleansrpc.js");
        Assert.Equal("text/javascript", client.Content.Headers.ContentType?.MediaType);
    }
}
