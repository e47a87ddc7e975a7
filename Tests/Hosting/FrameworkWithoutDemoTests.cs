using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway;
using System.Xml.Linq;
using OrleansRpc.Hosting;
using OrleansRpc.Rpc;
using OrleansRpc.Tests.Documentation;
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

    /// <summary>
    /// Redis, the Orleans Dashboard and the Prometheus exporter (a beta, which would make every package
    /// that depends on it a prerelease) are opt-in: the contracts, the grains, the gateway library, the
    /// client and the test kit's own code reach none of them, by package or by project reference.
    /// </summary>
    [Theory]
    [InlineData("Grains.Interfaces")]
    [InlineData("Grains")]
    [InlineData("Gateway.Core")]
    [InlineData("Client")]
    public void CoreLibrariesCarryNoOptInPackage(string project)
    {
        string[] optIn = ["StackExchange.Redis", "Microsoft.Orleans.Clustering.Redis", "Microsoft.Orleans.Persistence.Redis", "Microsoft.Orleans.Dashboard", "OpenTelemetry.Exporter.Prometheus.AspNetCore"];
        var packages = PackagesReachedFrom(project);
        Assert.Empty(packages.Intersect(optIn));
    }

    /// <summary>The typed client needs the attributes alone (OrleansRpc.Abstractions): a .NET client of a service carries no Orleans.</summary>
    [Fact]
    public void TheTypedClientCarriesNoOrleans()
    {
        Assert.DoesNotContain(PackagesReachedFrom("Client"), package => package.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
        Assert.Contains(PackagesReachedFrom("Grains.Interfaces"), package => package.StartsWith("Microsoft.Orleans", StringComparison.Ordinal));
    }

    /// <summary>Every package the project references, by itself or through its project references.</summary>
    private static HashSet<string> PackagesReachedFrom(string project)
    {
        var root = Path.GetDirectoryName(ReadmeCodeBlock.ReadmePath())!;
        var packages = new HashSet<string>(StringComparer.Ordinal);
        var seen = new HashSet<string>();
        var pending = new Stack<string>([Path.Combine(root, project, project + ".csproj")]);
        while (pending.TryPop(out var path))
        {
            if (!seen.Add(Path.GetFullPath(path)))
            {
                continue;
            }

            var document = XDocument.Load(path);
            foreach (var package in document.Descendants("PackageReference"))
            {
                packages.Add((string)package.Attribute("Include")!);
            }

            foreach (var reference in document.Descendants("ProjectReference"))
            {
                pending.Push(Path.Combine(Path.GetDirectoryName(path)!, ((string)reference.Attribute("Include")!).Replace('\\', Path.DirectorySeparatorChar)));
            }
        }

        return packages;
    }

    [Fact]
    public async Task AGatewayServesOnlyTheMethodsItsHostLists()
    {
        await using var app = GatewayApplication.Build(["--urls", "http://127.0.0.1:0", "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var address = new Uri(app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        await using var client = new HttpRpcClient(new Uri(address, "/rpc"));

        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"This service has no method 'subtract'."},"id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        await app.StopAsync();
    }
}
