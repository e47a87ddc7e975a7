using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Browser;

/// <summary>
/// A page of one gateway (its origin: 127.0.0.1 and its port) using another gateway from chromium: it may
/// import the client from anywhere, and call over WebSocket and HTTP only where AllowedOrigins lists it.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossOriginPageTests(ChromiumFixture chromium, GatewayFixture pages) : IClassFixture<GatewayFixture>
{
    private const string UseOtherGateway = """
        async other => {
          const orpc = await import(new URL("/orleansrpc.js", other).href);
          const rpc = orpc.connect(new URL("/ws", other).href, { reconnect: false });
          const socket = await rpc.ready().then(() => "open", e => e.name);
          const viaSocket = socket === "open" ? await rpc.call("subtract", [42, 23]) : null;
          rpc.close();
          const http = orpc.connect(new URL("/ws", other).href, { reconnect: false });
          const viaHttp = await http.call("subtract", [50, 8], { transport: "http" }).then(r => r, e => e.name);
          http.close();
          return JSON.stringify({ socket, viaSocket, viaHttp });
        }
        """;

    [Fact]
    public async Task AnOriginListedInAllowedOriginsCallsOverBothTransports()
    {
        var origin = pages.Server.Address.GetLeftPart(UriPartial.Authority);
        await using var other = await GatewayServer.StartAsync(arguments: [$"--JsonRpc:AllowedOrigins:0={origin}"]);
        await using var page = await chromium.NewPageAsync(pages.Server.Address);
        await page.Page.GotoAsync("/healthz");

        var outcome = await page.Page.EvaluateAsync<string>(UseOtherGateway, other.Address.ToString());

        JsonAssert.Equal("""{ "socket": "open", "viaSocket": 19, "viaHttp": 42 }""", outcome);
    }

    [Fact]
    public async Task AnOriginNotListedIsRefusedOnBoth()
    {
        await using var other = await GatewayServer.StartAsync();
        await using var page = await chromium.NewPageAsync(pages.Server.Address);
        await page.Page.GotoAsync("/healthz");

        var outcome = await page.Page.EvaluateAsync<string>(UseOtherGateway, other.Address.ToString());

        JsonAssert.Equal("""{ "socket": "ConnectionError", "viaSocket": null, "viaHttp": "ConnectionError" }""", outcome);
    }
}
