using Orleans.Persistence.Redis;
using StackExchange.Redis;

namespace OrleansRpc.Grains.Hosting;

/// <summary>What a grain storage that cannot reach Redis throws: a call that needed it answers -32005.</summary>
public static class StorageFailures
{
    /// <summary>Looks through the exception's inner ones: Orleans wraps a provider's failure in its own.</summary>
    public static bool Includes(Exception exception)
    {
        for (Exception? current = exception; current is not null; current = current.InnerException)
        {
            if (current is RedisStorageException or RedisException)
            {
                return true;
            }
        }

        return false;
    }
}
