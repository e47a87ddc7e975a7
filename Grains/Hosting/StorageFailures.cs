using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace OrleansRpc.Grains.Hosting;

/// <summary>What a grain storage that cannot reach Redis throws: a call that needed it answers -32005.</summary>
public static class StorageFailures
{
    public static bool Includes(Exception exception) => exception is RedisStorageException or RedisException or RedisTimeoutException;
}
