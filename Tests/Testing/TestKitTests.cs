using OrleansRpc.Client;
using OrleansRpc.Testing;
using OrleansRpc.Tests.TestGrains.Readme;

namespace OrleansRpc.Tests.Testing;

/// <summary>The test kit (Testing/), used as a user would: the README's grains behind a gateway of their own.</summary>
public sealed class TestKitTests
{
    // The README's example, as written there.
    [Fact]
    public async Task PostCountsTheRoomsMessages()
    {
        await using var server = await RpcTestServer.StartAsync(o => o.AddGrainInterface<IChatRoomGrain>());
        await using var client = await server.ConnectAsync();

        Assert.Equal(1, await client.CallAsync<int>("chat.post", new { room = "lobby", text = "hi" }));
        Assert.Equal(2, await client.GetProxy<IChatRoomGrain>().Post("lobby", "again", null!));
    }

    [Fact]
    public async Task NotificationsAreKeptUntilATestTakesThem()
    {
        await using var server = await RpcTestServer.StartAsync(o => o.AddGrainInterface<IChatGrain>());
        await using var ada = await server.ConnectAsync();
        await using var bob = await server.ConnectAsync();
        Assert.Equal(1, await ada.CallAsync<int>("chat.enter", new { room = "kit", nick = "ada" }));
        Assert.Equal(2, await bob.CallAsync<int>("chat.enter", new { room = "kit", nick = "bob" }));

        // Both notifications came before anyone waited for them; they are taken in order.
        Assert.True(await bob.CallAsync<bool>("chat.say", new { room = "kit", text = "one" }));
        Assert.True(await bob.CallAsync<bool>("chat.say", new { room = "kit", text = "two" }));

        Assert.Equal("""{"nick":"ada"}""", (await ada.NextNotificationAsync("chat.joined")).GetRawText());
        Assert.Equal("""{"nick":"bob"}""", (await ada.NextNotificationAsync("chat.joined")).GetRawText());
        Assert.Equal("one", (await ada.NextNotificationAsync<ChatLine>("chat.message")).Text);
        Assert.Equal("two", (await ada.NextNotificationAsync<ChatLine>("chat.message")).Text);
        Assert.Equal(0, ada.Pending("chat.message"));
        Assert.Equal("""["one"]""", (await bob.NextNotificationAsync("chat.sent")).GetRawText());
    }

    [Fact]
    public async Task WaitingForANotificationThatNeverComesFailsTheTest()
    {
        await using var server = await RpcTestServer.StartAsync(o => o.AddGrainInterface<IChatGrain>());
        await using var client = await server.ConnectAsync();
        await client.CallAsync<int>("chat.enter", new { room = "quiet", nick = "ada" });
        await client.NextNotificationAsync("chat.joined");

        var error = await Assert.ThrowsAsync<TimeoutException>(() => client.NextNotificationAsync("chat.joined", TimeSpan.FromMilliseconds(200)));

        Assert.Equal("No notification 'chat.joined' came within 0.2 s.", error.Message);
    }

    [Fact]
    public async Task HttpClientsAndGrainsCanBeReachedToo()
    {
        await using var server = await RpcTestServer.StartAsync(o => o.AddGrainInterface<IChatRoomGrain>());
        await using var http = server.HttpClient();

        Assert.Equal(1, await http.CallAsync<int>("chat.post", new { room = "arranged", text = "over HTTP" }));

        // The grain itself, called as another grain would call it.
        var history = await server.GrainFactory.GetGrain<IChatRoomGrain>("arranged").History("arranged");
        Assert.EndsWith(": over HTTP", Assert.Single(history));
        var error = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => http.CallAsync<int>("chat.nope"));
        Assert.Equal(-32601, error.Code);
    }

    private sealed record ChatLine(string Nick, string Text);
}
