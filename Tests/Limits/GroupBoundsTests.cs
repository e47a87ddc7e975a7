using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Demo.Chat;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Groups;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// The grains a client makes the cluster hold are bounded: the groups one connection is in; a question
/// about a group or a room nobody is in activates nothing, and a send to one leaves nothing behind.
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

    [Fact]
    public async Task CountingAGroupNobodyIsInActivatesNothing()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var asker = server.Client("http");
        await using var member = server.Client("ws");

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":0,"id":1}""", await asker.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.count","params":["nobody-here"],"id":1}"""));
        Assert.False(server.Activations.WasEverActive<IGroupGrain>("nobody-here"));

        // The sentinel: a join does activate the group, and the count then sees its member.
        Assert.Contains("true", await member.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.join","params":["nobody-here"],"id":2}"""));
        Assert.True(server.Activations.WasEverActive<IGroupGrain>("nobody-here"));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":1,"id":3}""", await asker.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.count","params":["nobody-here"],"id":3}"""));
    }

    [Fact]
    public async Task AGroupNobodyIsInIsNotLeftBehindByASend()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client("http");

        Assert.NotNull(JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"group.send","params":["nobody-here",1],"id":1}"""))!)!["result"]);

        await server.Activations.WhenDeactivated<IGroupGrain>("nobody-here").WaitAsync(s_patience);
        Assert.False(server.Activations.IsActive<IGroupGrain>("nobody-here"));
    }

    [Fact]
    public async Task AskingWhoIsInAChatRoomNobodyIsInActivatesNothing()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var asker = server.Client("http");
        await using var member = server.Client("ws");

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":[],"id":1}""", await asker.ExchangeAsync("""{"jsonrpc":"2.0","method":"chat.members","params":["empty-room"],"id":1}"""));
        Assert.False(server.Activations.WasEverActive<IChatDemoGrain>("empty-room"));
        Assert.False(server.Activations.WasEverActive<IGroupGrain>("chat.empty-room"));

        // The sentinel: once somebody is in, the same question reaches the room and names them.
        Assert.Contains("\"ann\"", await member.ExchangeAsync("""{"jsonrpc":"2.0","method":"chat.join","params":["empty-room","ann"],"id":2}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":["ann"],"id":3}""", await asker.ExchangeAsync("""{"jsonrpc":"2.0","method":"chat.members","params":["empty-room"],"id":3}"""));
        Assert.True(server.Activations.WasEverActive<IChatDemoGrain>("empty-room"));
    }
}
