using OrleansRpc.Benchmarks.Cluster;
using OrleansRpc.Testing;
using System.Globalization;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// A throwaway <c>redis-server</c> for one test: a free loopback port, a temporary directory, and
/// append-only persistence with an fsync per write (<c>appendonly yes</c>, <c>appendfsync always</c>), so
/// that whatever it acknowledged survives a kill and a restart. Tests/run.sh installs redis-server when
/// the machine lacks it (Tests/prerequisites.sh).
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    private readonly string _directory;
    private TestProcess? _process;

    private RedisServer(string directory, int port)
    {
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>For <c>ConnectionStrings:Redis</c>.</summary>
    public string ConnectionString => $"127.0.0.1:{Port.ToString(CultureInfo.InvariantCulture)}";

    public static async Task<RedisServer> StartAsync()
    {
        var directory = Directory.CreateTempSubdirectory("orleansrpc-redis-").FullName;
        var server = new RedisServer(directory, LoopbackPorts.Unused());
        await server.StartProcessAsync();
        return server;
    }

    /// <summary>Stops it at once, as a crash would (what it acknowledged is on disk already).</summary>
    public async Task KillAsync()
    {
        if (_process is { } process)
        {
            _process = null;
            process.Kill();
            await process.ExitCodeAsync();
            await process.DisposeAsync();
        }
    }

    /// <summary>Starts it again on the same port, from the same append-only file.</summary>
    public Task RestartAsync() => StartProcessAsync();

    public async ValueTask DisposeAsync()
    {
        await KillAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private async Task StartProcessAsync() => _process = await RedisProcess.StartReadyAsync(Port, _directory);
}
