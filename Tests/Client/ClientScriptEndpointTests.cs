using System.Net;
using System.Net.Http.Headers;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Client;

/// <summary>The browser client's script, as the gateway library serves it to any host.</summary>
public sealed class ClientScriptEndpointTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task TheScriptIsAModuleRevalidatedByItsETag()
    {
        using var http = new HttpClient { BaseAddress = fixture.Server.Address };

        using var response = await http.GetAsync("/orleansrpc.js");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/javascript", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.True(response.Headers.CacheControl?.NoCache);
        var script = await response.Content.ReadAsStringAsync();
        Assert.Contains("export function connect(url, options = {})", script);
        Assert.Contains("export class RpcError extends Error", script);
        var etag = response.Headers.ETag;
        Assert.NotNull(etag);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/orleansrpc.js");
        again.Headers.IfNoneMatch.Add(etag);
        using var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
        Assert.Empty(await revalidated.Content.ReadAsByteArrayAsync());

        using var stale = new HttpRequestMessage(HttpMethod.Get, "/orleansrpc.js");
        stale.Headers.IfNoneMatch.Add(new EntityTagHeaderValue("\"0000\""));
        using var served = await http.SendAsync(stale);
        Assert.Equal(script, await served.Content.ReadAsStringAsync());

        using var head = await http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/orleansrpc.js"));
        Assert.Equal(HttpStatusCode.OK, head.StatusCode);
        Assert.Equal(response.Content.Headers.ContentLength, head.Content.Headers.ContentLength);
    }

    [Theory]
    [InlineData("/client/rpc.js", "/client/rpc.js", HttpStatusCode.OK)]
    [InlineData("", "/orleansrpc.js", HttpStatusCode.NotFound)]
    public async Task ThePathComesFromConfigurationAndEmptyServesNone(string configured, string requested, HttpStatusCode expected)
    {
        await using var server = await GatewayServer.StartAsync(arguments: [$"--JsonRpc:ClientScriptPath={configured}"]);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var response = await http.GetAsync(requested);

        Assert.Equal(expected, response.StatusCode);
    }
}
