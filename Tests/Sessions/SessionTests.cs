using System.Net;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Connections;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Sessions;

/// <summary>channel_session (per connection) and the browser session (per cookie), over real sockets.</summary>
public sealed class SessionTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task ChannelSessionPersistsAcrossCallsOnOneConnectionOnly()
    {
        await using var mine = fixture.Server.Client("ws");
        await using var other = fixture.Server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await mine.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.set","params":["k",{"deep":[1,2]}],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":{"deep":[1,2]},"id":2}""", await mine.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.get","params":["k"],"id":2}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":3}""", await other.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.get","params":["k"],"id":3}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":4}""", await mine.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.get","params":["missing"],"id":4}"""));
    }

    [Fact]
    public async Task EveryHttpRequestIsItsOwnConnection()
    {
        await using var http = fixture.Server.Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.set","params":["k",1],"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":2}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.get","params":["k"],"id":2}"""));
    }

    [Fact]
    public async Task BrowserSessionIsSharedByHttpAndWebSocket()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        var set = await browser.PostAsync(fixture.Server.HttpEndpoint, Json("""{"jsonrpc":"2.0","method":"user_session.set","params":{"key":"name","value":"Ada"},"id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await set.Content.ReadAsStringAsync());

        await using var socket = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await socket.ConnectAsync(o => o.Cookies = cookies);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"Ada","id":2}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["name"],"id":2}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":3}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.set","params":["name","Grace"],"id":3}"""));

        var get = await browser.PostAsync(fixture.Server.HttpEndpoint, Json("""{"jsonrpc":"2.0","method":"user_session.get","params":["name"],"id":4}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"Grace","id":4}""", await get.Content.ReadAsStringAsync());

        await using var stranger = fixture.Server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":5}""", await stranger.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["name"],"id":5}"""));
    }

    [Theory]
    [InlineData("http", "session.set")]
    [InlineData("ws", "session.set")]
    [InlineData("http", "user_session.set")]
    [InlineData("ws", "user_session.set")]
    public async Task HugeValuesAreRefusedWithAClearError(string transport, string method)
    {
        await using var client = fixture.Server.Client(transport);
        var huge = new string('v', SessionValueLimits.MaxValueBytes);
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":["k","{{huge}}"],"id":1}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"value","reason":"'value' must be at most 65536 bytes of JSON"}},"id":1}""", answer);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));
    }

    [Theory]
    [InlineData("http", "http")]
    [InlineData("ws", "websocket")]
    public async Task WhoAmI(string transport, string transportName)
    {
        await using var client = fixture.Server.Client(transport);
        var result = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":1}"""))!)!["result"]!;
        Assert.Equal(transportName, result["transport"]!.GetValue<string>());
        Assert.Null(result["user"]);
        Assert.StartsWith(fixture.Server.Services.GetRequiredService<OrleansRpc.Gateway.Connections.ConnectionIds>().NodeId + ".", result["connection"]!.GetValue<string>());
    }

    [Fact]
    public async Task ConnectionGrainKnowsItsConnectionAndGoesAwayWhenTheSocketDrops()
    {
        var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":1}"""))!)!["result"]!["connection"]!.GetValue<string>();
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.set","params":["k",1],"id":2}""");

        var info = await fixture.Server.Services.GetRequiredService<IGrainFactory>().GetGrain<IConnectionGrain>(id).GetInfo();
        Assert.Equal(OrleansRpc.Rpc.RpcTransport.WebSocket, info!.Transport);
        Assert.Equal(IPAddress.Loopback, info.RemoteAddress);

        var gone = fixture.Server.Activations.WhenDeactivated<IConnectionGrain>(id);
        Assert.False(gone.IsCompleted);
        client.Socket.Abort();
        client.Socket.Dispose();
        await gone.WaitAsync(TimeSpan.FromSeconds(15));
    }

    [Fact]
    public async Task ThousandsOfConcurrentCallsEachSeeTheirOwnContext()
    {
        const int Connections = 40;
        const int CallsEach = 100;
        var clients = Enumerable.Range(0, Connections).Select(_ => new WebSocketRpcClient(fixture.Server.WebSocketEndpoint)).ToArray();
        try
        {
            var ids = new string[Connections];
            for (var c = 0; c < Connections; c++)
            {
                ids[c] = JsonNode.Parse((await clients[c].ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":0}"""))!)!["result"]!["connection"]!.GetValue<string>();
                await clients[c].ExchangeAsync($$"""{"jsonrpc":"2.0","method":"session.set","params":["me",{{c}}],"id":0}""");
            }

            await Task.WhenAll(Enumerable.Range(0, Connections).Select(async c =>
            {
                var client = clients[c];
                var sending = Task.Run(async () =>
                {
                    for (var i = 1; i <= CallsEach; i++)
                    {
                        await client.SendAsync(i % 2 == 0
                            ? $$"""{"jsonrpc":"2.0","method":"whoami","id":{{i}}}"""
                            : $$"""{"jsonrpc":"2.0","method":"session.get","params":["me"],"id":{{i}}}""");
                    }
                });
                for (var i = 1; i <= CallsEach; i++)
                {
                    var answer = JsonNode.Parse(await client.ReceiveAsync())!;
                    var id = answer["id"]!.GetValue<int>();
                    if (id % 2 == 0)
                    {
                        Assert.Equal(ids[c], answer["result"]!["connection"]!.GetValue<string>());
                    }
                    else
                    {
                        Assert.Equal(c, answer["result"]!.GetValue<int>());
                    }
                }

                await sending;
            }));
            Assert.Equal(Connections, ids.Distinct().Count());
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    private static StringContent Json(string json) => new(json, Encoding.UTF8, "application/json");
}
