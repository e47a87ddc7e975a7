using System.Net;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// WebSocket subprotocols (RFC 6455 §1.9, §4.2.2): one the server speaks, of those a client offers, is
/// echoed, the server's order of preference deciding; a client that offers only others is refused with a
/// reason; one that offers none gets none.
/// </summary>
public sealed class WebSocketSubProtocolTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Ping = """{"jsonrpc":"2.0","method":"ping","id":1}""";
    private const string Pong = """{"jsonrpc":"2.0","result":"pong","id":1}""";

    [Theory]
    [InlineData("jsonrpc", "jsonrpc")]
    [InlineData("jsonrpc-2.0", "jsonrpc-2.0")]
    [InlineData("mqtt,jsonrpc-2.0", "jsonrpc-2.0")]
    [InlineData("jsonrpc-2.0,jsonrpc", "jsonrpc")]
    public async Task OneSpokenSubprotocolOfThoseOfferedIsEchoed(string offered, string chosen)
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.ConnectAsync(o =>
        {
            foreach (var subProtocol in offered.Split(','))
            {
                o.AddSubProtocol(subProtocol);
            }
        });

        Assert.Equal(chosen, client.Socket.SubProtocol);
        JsonAssert.Equal(Pong, await client.ExchangeAsync(Ping));
    }

    [Fact]
    public async Task NoneOfferedNoneChosen()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.ConnectAsync();

        Assert.Null(client.Socket.SubProtocol);
        JsonAssert.Equal(Pong, await client.ExchangeAsync(Ping));
    }

    [Fact]
    public async Task OnlyUnknownSubprotocolsAreRefusedWithAReason()
    {
        using var http = new HttpClient();
        using var request = UpgradeRequest.To(fixture.Server.WebSocketEndpoint);
        request.Headers.Add("Sec-WebSocket-Protocol", "mqtt, wamp.2.json");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.False(response.Headers.Contains("Sec-WebSocket-Protocol"));
        var reason = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("None of the WebSocket subprotocols offered is one this endpoint speaks: jsonrpc, jsonrpc-2.0", reason);
        Assert.DoesNotContain("mqtt", reason);
    }

    [Fact]
    public async Task TheListComesFromConfiguration()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:SubProtocols:0=chat.v2"]);
        await using var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        await client.ConnectAsync(o =>
        {
            o.AddSubProtocol("jsonrpc");
            o.AddSubProtocol("chat.v2");
        });

        Assert.Equal("chat.v2", client.Socket.SubProtocol);
    }
}
