using Microsoft.Extensions.Configuration;

namespace OrleansRpc.AppHost;

/// <summary>
/// What the AppHost's configuration may change (command line <c>--Cluster:GatewayPorts=5001,5002,5003</c>, or
/// environment <c>Cluster__GatewayPorts</c>): the Gateways' ports, one Gateway per port; Redis's port; and a
/// folder for Redis's files that outlives the run. Without that folder Redis writes to a temporary one,
/// removed when the AppHost stops, so every run starts a new cluster.
/// </summary>
public sealed class LocalClusterSettings
{
    public const string Section = "Cluster";

    public static readonly int[] DefaultGatewayPorts = [5001, 5002];

    /// <summary>Not Redis's usual 6379, which a Redis installed as a service on the machine holds already.</summary>
    public const int DefaultRedisPort = 6390;

    private readonly bool _temporaryData;

    private LocalClusterSettings(IReadOnlyList<int> gatewayPorts, int redisPort, string redisData, bool temporaryData)
    {
        GatewayPorts = gatewayPorts;
        RedisPort = redisPort;
        RedisData = redisData;
        _temporaryData = temporaryData;
    }

    public IReadOnlyList<int> GatewayPorts { get; }

    public int RedisPort { get; }

    public string RedisData { get; }

    /// <summary>What every node's <c>ConnectionStrings:Redis</c> is.</summary>
    public string RedisAddress => $"127.0.0.1:{RedisPort}";

    public static LocalClusterSettings From(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        var ports = section["GatewayPorts"] is { Length: > 0 } list
            ? list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(int.Parse).ToArray()
            : DefaultGatewayPorts;
        var redisPort = section.GetValue("RedisPort", DefaultRedisPort);
        if (section["RedisData"] is { Length: > 0 } data)
        {
            Directory.CreateDirectory(data);
            return new LocalClusterSettings(ports, redisPort, Path.GetFullPath(data), temporaryData: false);
        }

        return new LocalClusterSettings(ports, redisPort, Directory.CreateTempSubdirectory("orleansrpc-apphost-").FullName, temporaryData: true);
    }

    /// <summary>Once Redis has stopped: a temporary folder goes, a configured one stays.</summary>
    public void RemoveTemporaryData()
    {
        if (_temporaryData && Directory.Exists(RedisData))
        {
            Directory.Delete(RedisData, recursive: true);
        }
    }
}
