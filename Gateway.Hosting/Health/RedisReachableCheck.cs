using Microsoft.Extensions.Diagnostics.HealthChecks;
using OrleansRpc.Hosting;
using StackExchange.Redis;

namespace OrleansRpc.Gateway.Health;

/// <summary>
/// In cluster mode, ready while Redis answers a PING: without it the node can neither see membership
/// changes nor read or write grain state. One connection of its own, opened on first use and kept.
/// </summary>
internal sealed class RedisReachableCheck(string connectionString) : IHealthCheck, IAsyncDisposable
{
    private readonly SemaphoreSlim _connecting = new(1, 1);
    private ConnectionMultiplexer? _connection;

    public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
    {
        try
        {
            var connection = await ConnectAsync(cancellationToken);
            var latency = await connection.GetDatabase().PingAsync();
            return HealthCheckResult.Healthy($"Redis answered in {latency.TotalMilliseconds:0.#} ms.");
        }
        catch (Exception ex) when (ex is RedisException or TimeoutException)
        {
            // Without the exception: ASP.NET Core logs every failed probe, and a load balancer probes every
            // few seconds, so one line each (what failed and why), not a stack trace each.
            var reason = ex.Message.AsSpan();
            var end = reason.IndexOfAny('\r', '\n');
            return HealthCheckResult.Unhealthy($"Redis is unreachable: {ex.GetType().Name}: {(end < 0 ? reason : reason[..end])}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_connection is not null)
        {
            await _connection.DisposeAsync();
        }

        _connecting.Dispose();
    }

    private async Task<ConnectionMultiplexer> ConnectAsync(CancellationToken cancellationToken)
    {
        if (_connection is { } connection)
        {
            return connection;
        }

        await _connecting.WaitAsync(cancellationToken);
        try
        {
            // The cluster's own fail-fast options: it reconnects in the background, and a PING while Redis is away fails at once.
            return _connection ??= await ConnectionMultiplexer.ConnectAsync(RedisCluster.Options(connectionString));
        }
        finally
        {
            _connecting.Release();
        }
    }
}
