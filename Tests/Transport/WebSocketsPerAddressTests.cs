using System.Net;
using Microsoft.Extensions.DependencyInjection;
using System.Text.Json.Nodes;
using OrleansRpc.Connections;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// WebSockets per remote address (JsonRpcOptions.MaxWebSocketsPerAddress): past the limit an upgrade gets
/// 503 with a reason and Retry-After, before anything is held; another address is unaffected; a socket
/// that closes gives its place back.
/// </summary>
public sealed class WebSocketsPerAddressTests
{
    private const string Ping = """{"jsonrpc":"2.0","method":"ping","id":1}""";
    private const string Pong = """{"jsonrpc":"2.0","result":"pong","id":1}""";

    [Fact]
    public async Task AnAddressAtItsLimitGets503WhileOthersConnect()
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log), arguments: ["--JsonRpc:MaxWebSocketsPerAddress=2"]);
        using var metrics = new MetricRecorder(server.Services);
        var first = new WebSocketRpcClient(server.WebSocketEndpoint);
        await using var second = new WebSocketRpcClient(server.WebSocketEndpoint);
        JsonAssert.Equal(Pong, await first.ExchangeAsync(Ping));
        JsonAssert.Equal(Pong, await second.ExchangeAsync(Ping));

        using (var refused = await UpgradeAsync(server))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
            Assert.NotNull(refused.Headers.RetryAfter);
            Assert.StartsWith("This address already holds 2 WebSockets here", await refused.Content.ReadAsStringAsync());
        }

        Assert.Equal(1, metrics.Observe("orleansrpc.connections.refused", ("reason", "per_address")));
        await log.WhenLogged(e => e.Message.StartsWith("Refusing WebSockets from 127.0.0.1 (503)", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));

        // A bystander on another address (127.0.0.2 is loopback too) is not counted with them.
        using var fromElsewhere = OtherLoopbackAddress.Invoker();
        await using var bystander = new WebSocketRpcClient(server.WebSocketEndpoint);
        await bystander.ConnectAsync(invoker: fromElsewhere);
        JsonAssert.Equal(Pong, await bystander.ExchangeAsync(Ping));

        // A socket that ends gives its place back: its connection grain goes after its count does.
        var id = JsonNode.Parse((await first.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":2}"""))!)!["result"]!["connection"]!.GetValue<string>();
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":3}""", await first.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["per-address"],"id":3}"""));
        var gone = server.Activations.WhenDeactivated<IConnectionGrain>(id);
        await first.DisposeAsync();
        await gone.WaitAsync(TimeSpan.FromSeconds(15));
        await using var third = new WebSocketRpcClient(server.WebSocketEndpoint);
        JsonAssert.Equal(Pong, await third.ExchangeAsync(Ping));
    }

    [Fact]
    public async Task BehindAProxyTheForwardedAddressIsCounted()
    {
        // As the README has it: with the forwarded headers on, each client behind the proxy is its own address.
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:MaxWebSocketsPerAddress=1", "--FORWARDEDHEADERS_ENABLED=true"]);
        await using var first = new WebSocketRpcClient(server.WebSocketEndpoint);
        await first.ConnectAsync(o => o.SetRequestHeader("X-Forwarded-For", "203.0.113.1"));
        await using var second = new WebSocketRpcClient(server.WebSocketEndpoint);
        await second.ConnectAsync(o => o.SetRequestHeader("X-Forwarded-For", "203.0.113.2"));
        JsonAssert.Equal(Pong, await second.ExchangeAsync(Ping));

        using var refused = await UpgradeAsync(server, forwardedFor: "203.0.113.1");

        Assert.Equal(HttpStatusCode.ServiceUnavailable, refused.StatusCode);
    }

    private static async Task<HttpResponseMessage> UpgradeAsync(GatewayServer server, string? forwardedFor = null)
    {
        using var http = new HttpClient();
        using var request = UpgradeRequest.To(server.WebSocketEndpoint);
        if (forwardedFor is not null)
        {
            request.Headers.Add("X-Forwarded-For", forwardedFor);
        }

        var response = await http.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
