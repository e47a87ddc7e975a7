using System.Net;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Hosting;

/// <summary>The Orleans Dashboard on the Gateway's own port, behind Dashboard:Enabled; off by default.</summary>
public sealed class DashboardTests
{
    [Fact]
    public async Task OnTheGatewaysPortWhenEnabled()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--Dashboard:Enabled=true"]);
        using var http = new HttpClient();

        using var page = await http.GetAsync(new Uri(server.Address, "/dashboard"));
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Orleans", await page.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);

        // The RPC endpoints are unaffected.
        await using var client = server.Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
    }

    [Fact]
    public async Task OffByDefault()
    {
        await using var server = await GatewayServer.StartAsync();
        using var http = new HttpClient();

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(server.Address, "/dashboard"))).StatusCode);
    }
}
