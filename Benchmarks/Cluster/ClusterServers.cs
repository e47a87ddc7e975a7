using System.Net.Http.Json;
using System.Text.Json;
using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Server;

namespace OrleansRpc.Benchmarks.Cluster;

/// <summary>
/// Two benchmark servers in one Orleans cluster on a throwaway Redis, as the README's cluster runs: each a
/// Gateway with its silo. Measured as one server side: CPU time and runtime counts are the two processes'
/// sums.
/// </summary>
internal sealed class ClusterServers : IMeasuredServer, IAsyncDisposable
{
    private readonly RedisProcess _redis;
    private readonly HttpClient _http = new(new SocketsHttpHandler { UseProxy = false }) { Timeout = TimeSpan.FromMinutes(3) };

    private ClusterServers(RedisProcess redis, ServerProcess[] nodes)
    {
        _redis = redis;
        Nodes = nodes;
    }

    public IReadOnlyList<ServerProcess> Nodes { get; }

    /// <param name="configuration">More configuration for every node (<c>--Key=value</c>), such as Orleans's <c>ClusterMembershipOptions</c> (<c>--Orleans:ClusterMembership:ProbeTimeout=...</c>); none for the defaults.</param>
    public static async Task<ClusterServers> StartAsync(int nodes, params string[] configuration)
    {
        var redis = await RedisProcess.StartAsync();
        var started = new List<Task<ServerProcess>>();
        string[] arguments =
        [
            $"--ConnectionStrings:Redis={redis.ConnectionString}",
            $"--Orleans:ClusterId=bench-{Guid.NewGuid():N}",
            .. configuration,
        ];
        for (var i = 0; i < nodes; i++)
        {
            started.Add(ServerProcess.StartAsync(arguments));
        }

        try
        {
            var cluster = new ClusterServers(redis, await Task.WhenAll(started));
            foreach (var node in cluster.Nodes)
            {
                await cluster.CallAsync(node, "bench.await_active", nodes);
            }

            return cluster;
        }
        catch
        {
            foreach (var node in started.Where(t => t.IsCompletedSuccessfully))
            {
                await node.Result.DisposeAsync();
            }

            await redis.DisposeAsync();
            throw;
        }
    }

    public TimeSpan CpuTime()
    {
        var total = TimeSpan.Zero;
        foreach (var node in Nodes)
        {
            total += node.CpuTime();
        }

        return total;
    }

    public async Task<ServerSnapshot> SnapshotAsync(bool collect = false)
    {
        var snapshots = await Task.WhenAll(Nodes.Select(node => node.SnapshotAsync(collect)));
        return snapshots.Aggregate((sum, next) => sum.Plus(next));
    }

    /// <summary>A JSON-RPC call over HTTP to one node; its result, or an exception with the error.</summary>
    public async Task<JsonElement> CallAsync(ServerProcess node, string method, params object[] parameters)
    {
        using var response = await _http.PostAsJsonAsync(new Uri(node.Address, "/rpc"), new { jsonrpc = "2.0", method, @params = parameters, id = 1 });
        var answer = await response.Content.ReadFromJsonAsync<JsonElement>();
        return answer.TryGetProperty("result", out var result)
            ? result
            : throw new InvalidOperationException($"{method} on {node.Address} answered {answer}");
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        await _redis.DisposeAsync();
    }
}
