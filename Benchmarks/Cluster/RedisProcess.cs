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
            process = await StartReadyAsync(port, directory);
        }
        catch (InvalidOperationException ex) when (ex.InnerException is System.ComponentModel.Win32Exception)
        {
            Directory.Delete(directory, recursive: true);
            throw new InvalidOperationException("The cluster scenario needs redis-server (Debian: apt-get install redis-server).", ex);
        }

        return new RedisProcess(process, directory, port);
    }

    /// <summary>
    /// A <c>redis-server</c> on 127.0.0.1:<paramref name="port"/>, its data in <paramref name="directory"/>,
    /// configured as the README tells a deployment to (append-only, an fsync per write, so what it
    /// acknowledged survives a kill), once it accepts connections. The tests' throwaway Redis starts here too.
    /// </summary>
    internal static async Task<TestProcess> StartReadyAsync(int port, string directory)
    {
        var process = TestProcess.Start(
            "redis-server",
            directory,
            null,
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--dir", directory,
            "--appendonly", "yes",
            "--appendfsync", "always",
            "--save", string.Empty,
            "--daemonize", "no");
        try
        {
            await process.WaitForLineAsync(line => line.Contains("Ready to accept connections", StringComparison.Ordinal), TimeSpan.FromSeconds(30));
            return process;
        }
        catch
        {
            await process.DisposeAsync();
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
