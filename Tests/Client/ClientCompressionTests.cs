using OrleansRpc.Client;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.WebSockets;

namespace OrleansRpc.Tests.Client;

/// <summary>The typed .NET client offering permessage-deflate, to gateways that agree to it and to one that does not.</summary>
public sealed class ClientCompressionTests(CompressingGatewayFixture compressing, GatewayFixture plain)
    : IClassFixture<CompressingGatewayFixture>, IClassFixture<GatewayFixture>
{
    private static readonly string s_text = string.Concat(Enumerable.Repeat("compressible text ", 300));

    [Fact]
    public async Task AGatewayThatAgreesCompressesBothWays()
    {
        await using var client = await JsonRpcClient.ConnectAsync(compressing.Server.WebSocketEndpoint, new JsonRpcClientOptions { Compression = true });
        Assert.True(client.Compressed);
        Assert.Equal(s_text, await client.CallAsync<string>("echo", new[] { s_text }));
        Assert.Equal(19, await client.CallAsync<int>("subtract", new[] { 42, 23 }));
    }

    [Fact]
    public async Task AGatewayWithoutCompressionIsCalledUncompressed()
    {
        await using var client = await JsonRpcClient.ConnectAsync(plain.Server.WebSocketEndpoint, new JsonRpcClientOptions { Compression = true });
        Assert.False(client.Compressed);
        Assert.Equal(s_text, await client.CallAsync<string>("echo", new[] { s_text }));
    }

    [Fact]
    public async Task WithoutTheOptionNothingIsOffered()
    {
        await using var client = await JsonRpcClient.ConnectAsync(compressing.Server.WebSocketEndpoint);
        Assert.False(client.Compressed);
        Assert.Equal(s_text, await client.CallAsync<string>("echo", new[] { s_text }));
    }
}
