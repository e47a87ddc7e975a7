using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>The gateway exactly as `dotnet run --project Gateway` builds it: no test grains, no test services.</summary>
public sealed class DefaultApplicationTests
{
    [Theory]
    [InlineData("Production")]
    [InlineData("Development")]
    public async Task TheDefaultRunStartsAndServesBothTransports(string environment)
    {
        await using var app = GatewayApplication.Build(["--urls", "http://127.0.0.1:0", "--environment", environment]);
        await app.StartAsync();
        try
        {
            var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
            await using var http = new HttpRpcClient(new Uri(address, "/rpc"));
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
            JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32001,"message":"Unauthorized"},"id":2}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"secret","id":2}"""));

            await using var ws = new WebSocketRpcClient(new UriBuilder(address) { Scheme = "ws", Path = "/ws" }.Uri);
            await ws.SendAsync("""{"jsonrpc":"2.0","method":"group.join","params":["lobby"],"id":1}""");
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", await ws.ReceiveAsync());
            await ws.SendAsync("""{"jsonrpc":"2.0","method":"group.send","params":["lobby","hi"],"id":2}""");
            JsonAssert.Equal("""{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":"hi"}}""", await ws.ReceiveAsync());
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":2}""", await ws.ReceiveAsync());
        }
        finally
        {
            await app.StopAsync();
        }
    }
}
