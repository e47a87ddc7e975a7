using Orleans.Dashboard;
using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Serialization;
using Orleans.Storage;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Grains.Hosting;
using OrleansRpc.Grains.Sessions;

namespace OrleansRpc.Hosting;

/// <summary>
/// The one silo configuration the Gateway (co-hosted) and the headless Silo share.
/// <list type="bullet">
/// <item>Embedded (no <c>ConnectionStrings:Redis</c>): localhost clustering and in-memory storage,
/// nothing to install.</item>
/// <item>Cluster (<c>ConnectionStrings:Redis</c> set): Redis is the membership table and the grain
/// store (<see cref="RedisCluster"/>); the silo listens on every address and advertises the machine's
/// own (or <c>Orleans:AdvertisedIPAddress</c>), so that Gateways and Silos on several machines meet.</item>
/// </list>
/// The section <c>Orleans</c> sets <c>SiloPort</c> and <c>GatewayPort</c> (free ones when not set, so that
/// several processes start on one machine), <c>ClusterId</c> and <c>ServiceId</c> (both <c>orleansrpc</c>);
/// <c>Orleans:ClusterMembership</c> and <c>Orleans:Messaging</c> bind Orleans's own
/// <see cref="ClusterMembershipOptions"/> (how fast a dead node is declared dead) and
/// <see cref="SiloMessagingOptions"/> (the response timeout).
/// </summary>
public static class SiloConfiguration
{
    public const string DefaultId = "orleansrpc";

    /// <summary>
    /// Configuration key: <c>true</c> turns on Orleans's activity propagation, so that a traced JSON-RPC
    /// call's activity is carried into its grain call and Orleans's activities nest under it.
    /// </summary>
    public const string TracingKey = "Tracing:Enabled";

    /// <summary>
    /// Configuration key: <c>true</c> adds the Orleans Dashboard to the silo (a Gateway also serves its
    /// pages at <c>/dashboard</c>). Every silo of a cluster needs it on for the dashboard to see them all.
    /// </summary>
    public const string DashboardKey = "Dashboard:Enabled";

    /// <summary>
    /// Configuration key: how often, on Redis, each node checks whether another's silo port refuses
    /// connections, its process being gone (<see cref="DeadSiloSweeper"/>); <c>00:00:00</c> turns it off.
    /// </summary>
    public const string DeadNodeCheckPeriodKey = "Orleans:DeadNodeCheckPeriod";

    /// <summary>The default of <see cref="DeadNodeCheckPeriodKey"/>: two refusals in a row take a second.</summary>
    public static readonly TimeSpan DefaultDeadNodeCheckPeriod = TimeSpan.FromMilliseconds(500);

    /// <summary>How long the embedded gateway keeps a session nobody uses (ASP.NET Core's session default).</summary>
    public static readonly TimeSpan EmbeddedSessionIdleTimeout = TimeSpan.FromMinutes(20);

    public static ISiloBuilder ConfigureOrleansRpcSilo(this ISiloBuilder silo, IConfiguration configuration)
    {
        var orleans = configuration.GetSection("Orleans");
        var siloPort = ReadPort(orleans, "SiloPort");
        var gatewayPort = ReadPort(orleans, "GatewayPort");
        var serviceId = orleans["ServiceId"] ?? DefaultId;
        var clusterId = orleans["ClusterId"] ?? DefaultId;
        var redis = configuration.GetConnectionString("Redis");
        if (string.IsNullOrWhiteSpace(redis))
        {
            silo.UseLocalhostClustering(siloPort: siloPort, gatewayPort: gatewayPort, serviceId: serviceId, clusterId: clusterId);
            silo.AddMemoryGrainStorageAsDefault();
            // Written with Orleans's own serializer, as on Redis (RedisCluster): the memory storage's default,
            // Newtonsoft.Json, writes a session's JsonElement values as {} and reads them back undefined.
            silo.AddMemoryGrainStorage(SessionGrain.StorageName, storage => storage.Configure<Serializer>(
                (options, serializer) => options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer)));

            // Memory forgets nothing by itself: a session goes with its activation, collected when idle.
            silo.Services.PostConfigure<SessionGrainOptions>(o => o.ForgetWhenCollected = true);
            silo.Services.Configure<SessionGrainOptions>(o => o.IdleTimeout = EmbeddedSessionIdleTimeout);
        }
        else
        {
            silo.Configure<ClusterOptions>(o =>
            {
                o.ClusterId = clusterId;
                o.ServiceId = serviceId;
            });
            var advertised = orleans["AdvertisedIPAddress"] is { Length: > 0 } address ? IPAddress.Parse(address) : null;
            if (advertised is null)
            {
                silo.ConfigureEndpoints(siloPort, gatewayPort, listenOnAnyHostAddress: true);
            }
            else
            {
                silo.ConfigureEndpoints(advertised, siloPort, gatewayPort, listenOnAnyHostAddress: true);
            }

            RedisCluster.Use(silo, redis, configuration.GetValue(DeadNodeCheckPeriodKey, DefaultDeadNodeCheckPeriod));
        }

        silo.Services.Configure<ClusterMembershipOptions>(orleans.GetSection("ClusterMembership"));

        // After the embedded defaults above, so that configuration wins over them.
        silo.Services.Configure<SessionGrainOptions>(configuration.GetSection("Sessions"));
        silo.Services.Configure<GroupOptions>(configuration.GetSection("Groups"));
        silo.Services.Configure<SiloMessagingOptions>(orleans.GetSection("Messaging"));
        // Off unless asked for: with it Orleans runs a call filter on every grain call, traced or not.
        if (configuration.GetValue<bool>(TracingKey))
        {
            silo.AddActivityPropagation();
        }

        // Off unless asked for: the dashboard profiles every grain call, and shows the cluster's inside to
        // whoever can reach the Gateway's port.
        if (configuration.GetValue<bool>(DashboardKey))
        {
            silo.AddDashboard();
        }

        silo.AddOrleansRpc();
        return silo;
    }

    private static int ReadPort(IConfigurationSection section, string key) =>
        int.TryParse(section[key], out var port) ? port : FreePort();

    /// <summary>
    /// A port free now, which Orleans binds later: a port the kernel hands out for port 0 comes from its
    /// ephemeral range, where every outgoing connection also takes its local port, and one of those may take
    /// it before Orleans binds ("Address already in use", seen when many connect at once). So a free port is
    /// sought below that range first, where only listeners that name their port go.
    /// </summary>
    private static int FreePort()
    {
        if (EphemeralRangeStart() is { } start && start > 10_000)
        {
            for (var attempt = 0; attempt < 50; attempt++)
            {
                var port = Random.Shared.Next(10_000, start);
                try
                {
                    using var probe = new TcpListener(IPAddress.Any, port);
                    probe.Start();
                    return port;
                }
                catch (SocketException)
                {
                    // Taken: another.
                }
            }
        }

        using var listener = new TcpListener(IPAddress.Any, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>The first port of Linux's ephemeral range; null elsewhere, or when it cannot be read.</summary>
    private static int? EphemeralRangeStart()
    {
        try
        {
            var range = File.ReadAllText("/proc/sys/net/ipv4/ip_local_port_range").Split((char[]?)null, StringSplitOptions.RemoveEmptyEntries);
            return int.TryParse(range[0], out var start) ? start : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or IndexOutOfRangeException)
        {
            return null;
        }
    }
}
