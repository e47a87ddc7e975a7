using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// A WebSocket over HTTP/2 (RFC 8441's extended CONNECT, here without TLS): accepted with a 200, framed by
/// the gateway through a pipe over the request's stream rather than the connection's transport, which
/// HTTP/2 shares between requests. The subprotocol is negotiated as over HTTP/1.1.
/// </summary>
public sealed class Http2WebSocketTests
{
    [Fact]
    public async Task AnswersNotificationsAndTheCloseHandshakeWork()
    {
        await using var server = await GatewayServer.StartAsync(services: s =>
            s.Configure<KestrelServerOptions>(o => o.ConfigureEndpointDefaults(listen => listen.Protocols = HttpProtocols.Http2)));
        await using var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        using var invoker = new HttpMessageInvoker(new SocketsHttpHandler());
        await client.ConnectAsync(
            options =>
            {
                options.HttpVersion = HttpVersion.Version20;
                options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                options.CollectHttpResponseDetails = true;
                options.AddSubProtocol("jsonrpc-2.0");
            },
            invoker);
        Assert.Equal(HttpStatusCode.OK, ((ClientWebSocket)client.Socket).HttpStatusCode);
        Assert.Equal("jsonrpc-2.0", client.Socket.SubProtocol);

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":2}"""))!)!["result"]!["connection"]!.GetValue<string>();

        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.push","params":["{{id}}","hello",[1,2]],"id":3}""");
        string[] received = [await client.ReceiveAsync(), await client.ReceiveAsync()];
        Assert.Contains(received, m => JsonNode.DeepEquals(JsonNode.Parse(m), JsonNode.Parse("""{"jsonrpc":"2.0","method":"hello","params":{"payload":[1,2]}}""")));
        Assert.Contains(received, m => JsonNode.DeepEquals(JsonNode.Parse(m), JsonNode.Parse("""{"jsonrpc":"2.0","result":true,"id":3}""")));

        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketState.Closed, client.Socket.State);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
    }
}
