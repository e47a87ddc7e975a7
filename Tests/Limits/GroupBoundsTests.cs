using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Demo.Chat;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Groups;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// The grains a client makes the cluster hold are bounded: the groups one connection is in, and nothing
/// stays behind a question about a group or a room nobody is in.
/// </summary>
public sealed class GroupBoundsTests
{
    private static readonly TimeSpan s_patience = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task AConnectionIsInAtMostTheGroupsItMayBeIn()
    {
        await using var server = await GatewayServer.StartAsync(services: s => s.Configure<GroupOptions>(o => o.MaxGroupsPerConnection = 3));
        await using var client = server.Client("ws");
        for (var i = 0; i < 3; i++)
        {
            Assert.Contains("true", await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["g{{i}}"],"id":{{i}}}"""));
        }

        var refused = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["g3"],"id":3}"""))!)!["error"]!;
        Assert.Equal(-32602, (int)refused["code"]!);
        Assert.Equal("a connection is in at most 3 groups", (string)refused["data"]!["reason"]!);

        // Joining one it is in costs nothing; after leaving one, another may be joined.
        Assert.Contains("true", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["g0"],"id":4}"""));
        Assert.Contains("true", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.leave","params":["g0"],"id":5}"""));
        Assert.Contains("true", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["g3"],"id":6}"""));
    }

    [Theory]
    [InlineData("group.count")]
    [InlineData("group.send")]
    public async Task AGroupNobodyIsInIsNotLeftBehindByACountOrASend(string method)
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client("http");
        var @params = method == "group.send" ? """["nobody-here",1]""" : """["nobody-here"]""";

        Assert.NotNull(JsonNode.Parse((await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{@params}},"id":1}"""))!)!["result"]);

        await server.Activations.WhenDeactivated<IGroupGrain>("nobody-here").WaitAsync(s_patience);
        Assert.False(server.Activations.IsActive<IGroupGrain>("nobody-here"));
    }

    [Fact]
    public async Task AChatRoomNobodyIsInIsNotLeftBehindByAskingWhoIsIn()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client("http");

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":[],"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"chat.members","params":["empty-room"],"id":1}"""));

        await server.Activations.WhenDeactivated<IChatDemoGrain>("empty-room").WaitAsync(s_patience);
        Assert.False(server.Activations.IsActive<IChatDemoGrain>("empty-room"));
    }
}
