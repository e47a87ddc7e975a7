using Microsoft.Extensions.Options;
using Orleans.Persistence.Redis;
using Orleans.Runtime;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Grains.Storage;
using OrleansRpc.Rpc;
using StackExchange.Redis;

namespace OrleansRpc.Tests.Dispatch;

/// <summary>What a grain call's failure becomes on the wire: the cluster's failures have codes of their own.</summary>
public sealed class ErrorMapperTests
{
    // What the Redis host registers (OrleansRpc.Hosting's RedisCluster).
    private static readonly StorageFailures s_redis = new(Options.Create(new StorageFailureOptions { ExceptionTypes = { typeof(RedisStorageException), typeof(RedisException) } }));

    public static TheoryData<Exception, int, string> Failures() => new()
    {
        { new TimeoutException("Response did not arrive on time"), JsonRpcErrorCodes.RequestTimedOut, "Request timed out" },
        { new SiloUnavailableException("gone"), JsonRpcErrorCodes.NodeUnavailable, "Node unavailable" },
        { new RedisException("No connection is active/available to service this operation"), JsonRpcErrorCodes.StorageUnavailable, "Storage unavailable" },
        { new RedisStorageException("write failed"), JsonRpcErrorCodes.StorageUnavailable, "Storage unavailable" },
        { new OrleansException("Error from storage provider", new RedisStorageException("write failed")), JsonRpcErrorCodes.StorageUnavailable, "Storage unavailable" },
        { new InvalidOperationException("internals"), JsonRpcErrorCodes.ServerError, "Server error" },
    };

    [Theory]
    [MemberData(nameof(Failures))]
    public void AFailureHasItsCode(Exception failure, int code, string message)
    {
        var error = ErrorMapper.ToError(failure, detailed: false, s_redis);

        Assert.Equal(code, error.Code);
        Assert.Equal(message, error.Message);
    }
}
