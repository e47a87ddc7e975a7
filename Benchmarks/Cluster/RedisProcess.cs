using System.Globalization;
using System.Net;
using System.Net.Sockets;
using OrleansRpc.Testing;

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>
/// A throwaway <c>redis-server</c> for the cluster scenario: a free loopback port and a temporary
/// directory, configured as the README tells a deployment to (append-only, an fsync per write).
/// </summary>
internal sealed class RedisProcess : IAsyncDisposable
{
    private readonly TestProcess _process;
    private readonly string _directory;

    private RedisProcess(TestProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        ConnectionString = $"127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}";
    }

    public string ConnectionString { get; }

    public static async Task<RedisProcess> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("orleansrpc-bench-redis-").FullName;
        var port = FreePort();
        TestProcess process;
        try
        {
            process = TestProcess.Start("redis-server", directory, null, "--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--dir", directory, "--appendonly", "yes", "--appendfsync", "always", "--save", "", "--daemonize", "no");
        }
        catch (InvalidOperationException ex)
        {
            throw new InvalidOperationException("The cluster scenario needs redis-server (Debian: apt-get install redis-server).", ex);
        }

        var redis = new RedisProcess(process, directory, port);
        try
        {
            await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
