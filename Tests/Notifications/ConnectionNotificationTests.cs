using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Connections;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Notifications;

/// <summary>Notifications to one connection: shape, order, and their place before the answer.</summary>
public sealed class ConnectionNotificationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task NotifyMeReachesTheWireBeforeTheAnswer()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync("""{"jsonrpc":"2.0","method":"notify.me","params":[{"a":[1,"b"]}],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.ownnotif","params":{"payload":{"a":[1,"b"]}}}""", await client.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task AVersion1ClientGetsVersion1Notifications()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync("""{"method":"notify.me","params":["hi"],"id":1}""");
        JsonAssert.Equal("""{"method":"notification.ownnotif","params":{"payload":"hi"},"id":null}""", await client.ReceiveAsync());
        JsonAssert.Equal("""{"result":true,"error":null,"id":1}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task NotifyMeIsWebSocketOnly()
    {
        await using var client = fixture.Server.Client("http");
        var answer = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"notify.me","params":[1],"id":1}"""))!)!;
        Assert.Equal(-32601, answer["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task AnyCallCanNotifyAConnectionByItsId()
    {
        await using var target = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var id = JsonNode.Parse((await target.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":1}"""))!)!["result"]!["connection"]!.GetValue<string>();

        await using var http = fixture.Server.Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.push","params":["{{id}}","hello",[1,2]],"id":2}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"hello","params":{"payload":[1,2]}}""", await target.ReceiveAsync());

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":false,"id":3}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.push","params":["nobody.1","hello",1],"id":3}"""));
    }

    [Fact]
    public async Task ANotificationToAClosedConnectionLeavesNoGrainBehind()
    {
        var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":1}"""))!)!["result"]!["connection"]!.GetValue<string>();
        var connections = fixture.Server.Activations;
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.set","params":["k",1],"id":2}""");
        var closed = connections.WhenDeactivated<IConnectionGrain>(id);
        await client.DisposeAsync();
        await closed.WaitAsync(TimeSpan.FromSeconds(15));

        await using var http = fixture.Server.Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":false,"id":3}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.push","params":["{{id}}","late",[1]],"id":3}"""));
        await connections.WhenDeactivated<IConnectionGrain>(id).WaitAsync(TimeSpan.FromSeconds(15));
        Assert.False(connections.IsActive<IConnectionGrain>(id));
    }

    [Fact]
    public async Task AThousandNotificationsArriveInOrderBeforeTheAnswer()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync("""{"jsonrpc":"2.0","method":"test.burst","params":[1000],"id":"b"}""");
        for (var i = 0; i < 1000; i++)
        {
            JsonAssert.Equal($$"""{"jsonrpc":"2.0","method":"burst","params":[{{i}}]}""", await client.ReceiveAsync());
        }

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":1000,"id":"b"}""", await client.ReceiveAsync());
    }

    [Fact]
    public async Task AScalarPayloadIsRefusedAtTheCallSite()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var answer = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.push_scalar","id":1}"""))!)!;
        Assert.Contains("must be a JSON array or object", answer["result"]!.GetValue<string>());
    }
}
