using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Orleans.Hosting;
using OrleansRpc.Grains.Sessions;

namespace OrleansRpc.Grains.Hosting;

/// <summary>
/// The one silo configuration the Gateway (co-hosted) and the headless Silo share. Embedded: localhost
/// clustering and in-memory storage, nothing to install. The section <c>Orleans</c> sets
/// <c>SiloPort</c> and <c>GatewayPort</c> (free ones when not set, so that several processes start on
/// one machine), <c>ClusterId</c> and <c>ServiceId</c>.
/// </summary>
public static class SiloConfiguration
{
    public static ISiloBuilder ConfigureOrleansRpcSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        silo.UseLocalhostClustering(
            siloPort: ReadPort(orleans, "SiloPort"),
            gatewayPort: ReadPort(orleans, "GatewayPort"),
            serviceId: orleans["ServiceId"] ?? "orleansrpc",
            clusterId: orleans["ClusterId"] ?? "orleansrpc");
        silo.AddMemoryGrainStorageAsDefault();
        silo.AddMemoryGrainStorage(SessionGrain.StorageName);
        silo.AddOrleansRpc();
        return silo;
    }

    private static int ReadPort(IConfigurationSection section, string key) =>
        int.TryParse(section[key], out var port) ? port : FreeLoopbackPort();

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
