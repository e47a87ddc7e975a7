using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway;
using OrleansRpc.Grains.Hosting;
using OrleansRpc.Rpc;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Hosting;

/// <summary>The framework is a library: it brings neither the demo's grains nor its methods.</summary>
public sealed class FrameworkWithoutDemoTests
{
    [Fact]
    public void NoFrameworkAssemblyReferencesTheDemo()
    {
        // So a host that references the framework does not host the demo's grains: Orleans hosts the grain
        // classes of the assemblies a host references, and the demo's are in an assembly of their own.
        foreach (var assembly in new[] { typeof(GatewayApplication).Assembly, typeof(SiloConfiguration).Assembly, typeof(RpcContext).Assembly })
        {
            Assert.DoesNotContain(assembly.GetReferencedAssemblies(), name => name.Name == typeof(OrleansRpc.Demo.DemoApplication).Assembly.GetName().Name);
        }
    }

    [Fact]
    public async Task AGatewayServesOnlyTheMethodsItsHostLists()
    {
        await using var app = GatewayApplication.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var client = new HttpRpcClient(new Uri(address, "/rpc"));

        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found"},"id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        await app.StopAsync();
    }
}
