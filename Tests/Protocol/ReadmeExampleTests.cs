using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>The README's chat example behaves as the README says.</summary>
public sealed class ReadmeExampleTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task ChatRoomExample()
    {
        var room = "room-" + Guid.NewGuid().ToString("N");
        await using var ws = fixture.Server.Client("ws");
        await using var http = fixture.Server.Client("http");

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":1,"id":1}""", await ws.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"chat.post","params":["{{room}}","hi"],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":2,"id":2}""", await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"chat.post","params":{"room":"{{room}}","text":"there"},"id":2}"""));
        Assert.Null(await ws.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"chat.typing","params":["{{room}}"]}""", expectAnswer: false));

        var history = JsonNode.Parse((await http.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"chat.history","params":["{{room}}"],"id":3}"""))!)!["result"]!.AsArray();
        Assert.Equal(2, history.Count);
        Assert.EndsWith(": hi", history[0]!.GetValue<string>());
        Assert.EndsWith(": there", history[1]!.GetValue<string>());

        var refused = await ws.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"chat.history","params":["{{room}}"],"id":4}""");
        Assert.Equal(-32601, JsonNode.Parse(refused!)!["error"]!["code"]!.GetValue<int>());
    }

    [Fact]
    public async Task ProfileExample()
    {
        await using var socket = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await socket.ConnectAsync(o => o.SetRequestHeader(TestAuthenticationHandler.Header, "ada;admin"));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"profile.remember","params":["lang","en"],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"en","id":2}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.get","params":["lang"],"id":2}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"en","id":3}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["lang"],"id":3}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"hello ada","id":4}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"profile.admin","id":4}"""));
    }

    [Fact]
    public async Task GroupsExample()
    {
        var room = "room-" + Guid.NewGuid().ToString("N");
        await using var ada = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await using var bob = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);

        await ada.SendAsync($$"""{"jsonrpc":"2.0","method":"chat.enter","params":["{{room}}","ada"],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"chat.joined","params":{"nick":"ada"}}""", await ada.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":1,"id":1}""", await ada.ReceiveAsync());

        await bob.SendAsync($$"""{"jsonrpc":"2.0","method":"chat.enter","params":["{{room}}","bob"],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"chat.joined","params":{"nick":"bob"}}""", await bob.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":2,"id":1}""", await bob.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"chat.joined","params":{"nick":"bob"}}""", await ada.ReceiveAsync());

        await bob.SendAsync($$"""{"jsonrpc":"2.0","method":"chat.say","params":["{{room}}","hi"],"id":2}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"chat.message","params":{"nick":"bob","text":"hi"}}""", await bob.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"chat.sent","params":["hi"]}""", await bob.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await bob.ReceiveAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","method":"chat.message","params":{"nick":"bob","text":"hi"}}""", await ada.ReceiveAsync());
    }
}
