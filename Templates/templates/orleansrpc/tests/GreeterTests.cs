using MyService.Greetings;
using OrleansRpc.Client;
using OrleansRpc.Testing;
using Xunit;

namespace MyService.Tests;

/// <summary>The service's grains behind a real gateway in the test's process (a co-hosted silo, Kestrel on a free loopback port).</summary>
public sealed class GreeterTests
{
    [Fact]
    public async Task GreetsByNameAndCountsTheConnectionsGreetings()
    {
        await using var server = await RpcTestServer.StartAsync(o => o.AddGrainInterface<IGreeterGrain>());
        await using var client = await server.ConnectAsync();

        Assert.Equal("Hello, Ada! (greeting 1 on this connection)", await client.CallAsync<string>("greet", new { name = "Ada" }));
        Assert.Equal("Hello, Bob! (greeting 2 on this connection)", await client.CallAsync<string>("greet", new[] { "Bob" }));
    }

    [Fact]
    public async Task AnEmptyNameIsInvalidParams()
    {
        await using var server = await RpcTestServer.StartAsync(o => o.AddGrainInterface<IGreeterGrain>());
        await using var client = await server.ConnectAsync();

        var error = await Assert.ThrowsAsync<JsonRpcRemoteException>(() => client.CallAsync<string>("greet", new { name = "" }));
        Assert.Equal(-32602, error.Code);
    }
}
