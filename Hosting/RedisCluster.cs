using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Orleans;
using Orleans.Runtime;
using Orleans.Hosting;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Grains.Storage;
using Orleans.Persistence.Redis;
using Microsoft.Extensions.Options;
using Orleans.Persistence;
using Orleans.Serialization;
using Orleans.Storage;
using StackExchange.Redis;

namespace OrleansRpc.Hosting;

/// <summary>Cluster mode: Redis as Orleans's membership table and grain store (the default storage and the sessions').</summary>
internal static class RedisCluster
{
    /// <summary>How long a command waits for Redis, unless the connection string says otherwise.</summary>
    public const int DefaultTimeoutMilliseconds = 2_000;

    /// <param name="deadNodeCheckPeriod">How often the nodes' ports are checked for a process that is gone (<see cref="DeadSiloSweeper"/>); zero for never.</param>
    public static void Use(ISiloBuilder silo, string connectionString, TimeSpan deadNodeCheckPeriod)
    {
        silo.UseRedisClustering(o => o.ConfigurationOptions = Options(connectionString));
        LeavingMembershipTable.Decorate(silo.Services);
        silo.Services.AddSingleton<ILifecycleParticipant<ISiloLifecycle>>(services => ActivatorUtilities.CreateInstance<DeadSiloSweeper>(services, deadNodeCheckPeriod));
        silo.AddRedisGrainStorageAsDefault(storage => Configure(storage, connectionString));
        silo.AddRedisGrainStorage(SessionGrain.StorageName, storage => Configure(storage, connectionString));

        // A call whose grain storage is Redis, and Redis is away, answers -32005 rather than -32000.
        silo.Services.Configure<StorageFailureOptions>(o =>
        {
            o.ExceptionTypes.Add(typeof(RedisStorageException));
            o.ExceptionTypes.Add(typeof(RedisException));
        });
    }

    /// <summary>
    /// Grain state is written with Orleans's own serializer, the one grain calls use: types with
    /// [GenerateSerializer] by their codecs, plain types (and <c>JsonElement</c>, which sessions hold) as
    /// JSON. Orleans's default for storage, Newtonsoft.Json, would write a <c>JsonElement</c> as <c>{}</c>.
    /// </summary>
    private static void Configure(OptionsBuilder<RedisStorageOptions> storage, string connectionString) =>
        storage.Configure<Serializer>((options, serializer) =>
        {
            options.ConfigurationOptions = Options(connectionString);
            options.GrainStorageSerializer = new OrleansGrainStorageSerializer(serializer);
        });

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

        // Back within a second of Redis, rather than after StackExchange.Redis's exponential backoff.
        options.ReconnectRetryPolicy = new LinearRetry(500);
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
