using Microsoft.Extensions.Hosting;
using Orleans.Hosting;
using OrleansRpc.Grains.Sessions;
using StackExchange.Redis;

namespace OrleansRpc.Grains.Hosting;

/// <summary>Cluster mode: Redis as Orleans's membership table and grain store (the default storage and the sessions').</summary>
internal static class RedisCluster
{
    /// <summary>How long a command waits for Redis, unless the connection string says otherwise.</summary>
    public const int DefaultTimeoutMilliseconds = 2_000;

    public static void Use(ISiloBuilder silo, string connectionString)
    {
        silo.UseRedisClustering(o => o.ConfigurationOptions = Options(connectionString));
        silo.AddRedisGrainStorageAsDefault(o => o.ConfigurationOptions = Options(connectionString));
        silo.AddRedisGrainStorage(SessionGrain.StorageName, o => o.ConfigurationOptions = Options(connectionString));
    }

    /// <summary>
    /// The connection string's options, made to fail fast while Redis is away: StackExchange.Redis would
    /// otherwise hold commands in a backlog until it reconnects and answer them up to its 5 s timeout
    /// later, so a call that needs storage would hang rather than answer an error. It keeps reconnecting
    /// in the background (no abort on a failed connect), so the node serves storage again once Redis is back.
    /// </summary>
    public static ConfigurationOptions Options(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.BacklogPolicy = BacklogPolicy.FailFast;
        if (!Mentions(connectionString, "abortConnect"))
        {
            options.AbortOnConnectFail = false;
        }

        if (!Mentions(connectionString, "connectTimeout"))
        {
            options.ConnectTimeout = DefaultTimeoutMilliseconds;
        }

        if (!Mentions(connectionString, "asyncTimeout"))
        {
            options.AsyncTimeout = DefaultTimeoutMilliseconds;
        }

        if (!Mentions(connectionString, "syncTimeout"))
        {
            options.SyncTimeout = DefaultTimeoutMilliseconds;
        }

        return options;
    }

    private static bool Mentions(string connectionString, string key) =>
        connectionString.Contains(key + "=", StringComparison.OrdinalIgnoreCase);
}
