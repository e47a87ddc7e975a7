using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// A cluster of real processes on one machine, as the README shows it: a throwaway redis-server, Gateway
/// processes (Tests.Host: the demo gateway plus probes) and headless Silo processes, all with the same
/// <c>ConnectionStrings:Redis</c> and a cluster id of their own (the session key ring is in that Redis). Failure
/// detection is quick (a probe a second, dead after two missed), so that a killed node is declared dead
/// within a few seconds.
/// </summary>
public sealed class ClusterTopology : IAsyncDisposable
{
    private readonly string _clusterId = "test-" + Guid.NewGuid().ToString("N")[..12];
    private readonly List<TestProcess> _processes = [];

    private readonly string[] _settings;

    private ClusterTopology(RedisServer redis, string[] settings)
    {
        Redis = redis;
        _settings = settings;
    }

    public RedisServer Redis { get; }

    public List<ClusterNode> Gateways { get; } = [];

    public List<TestProcess> Silos { get; } = [];

    /// <summary>Starts Redis and the nodes; every node also gets <paramref name="settings"/> (<c>--Key=value</c>).</summary>
    public static async Task<ClusterTopology> StartAsync(int gateways, int silos, params string[] settings)
    {
        var topology = new ClusterTopology(await RedisServer.StartAsync(), settings);
        try
        {
            var starting = new List<Task>();
            for (var i = 0; i < gateways; i++)
            {
                starting.Add(topology.AddGatewayAsync());
            }

            for (var i = 0; i < silos; i++)
            {
                starting.Add(topology.AddSiloAsync());
            }

            await Task.WhenAll(starting);

            // Every Gateway sees every node active before a test begins: a node that does not yet know another
            // places and finds grains by a directory the other does not share, and a session grain could then
            // have two activations for a moment, one reading what the other had not yet written.
            foreach (var gateway in topology.Gateways)
            {
                await using var http = new HttpRpcClient(gateway.HttpEndpoint);
                var converged = await http.CallAsync("test.await_active", $"{gateways + silos}");
                if (converged.GetValue<bool>() != true)
                {
                    throw new InvalidOperationException($"{gateway.HttpEndpoint} did not see {gateways + silos} active nodes: {converged}");
                }
            }

            return topology;
        }
        catch
        {
            await topology.DisposeAsync();
            throw;
        }
    }

    public async Task<ClusterNode> AddGatewayAsync()
    {
        var process = Track(HostProcess.Start("Tests.Host", "OrleansRpc.Tests.Host.dll", [.. NodeArguments(), "--urls", "http://127.0.0.1:0"]));
        var listening = (await process.WaitForLineAsync("listening ")).Split(' ');
        var node = new ClusterNode(process, new Uri(listening[1]), listening[3]);
        lock (Gateways)
        {
            Gateways.Add(node);
        }

        return node;
    }

    public async Task<TestProcess> AddSiloAsync()
    {
        var process = Track(HostProcess.Start("Silo", "OrleansRpc.Silo.dll", NodeArguments()));
        await process.WaitForLineAsync(line => line.Contains("Application started.", StringComparison.Ordinal));
        lock (Silos)
        {
            Silos.Add(process);
        }

        return process;
    }

    /// <summary>Runs a test's steps; a failure's message then holds what every process wrote.</summary>
    public async Task ExplainFailureAsync(Func<Task> steps)
    {
        try
        {
            await steps();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"{ex}\n\nWhat the cluster's processes wrote:\n{Outputs()}");
        }
    }

    /// <summary>What every process wrote, for a failure's message.</summary>
    public string Outputs()
    {
        var text = new System.Text.StringBuilder();
        lock (_processes)
        {
            foreach (var process in _processes)
            {
                text.Append("==== process ").Append(process.Pid).Append('\n').Append(process.Output);
            }
        }

        return text.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
        {
            await process.DisposeAsync();
        }

        await Redis.DisposeAsync();
    }

    private TestProcess Track(TestProcess process)
    {
        lock (_processes)
        {
            _processes.Add(process);
        }

        return process;
    }

    private string[] NodeArguments() =>
    [
        $"--ConnectionStrings:Redis={Redis.ConnectionString}",
        $"--Orleans:ClusterId={_clusterId}",
        "--Orleans:ClusterMembership:ProbeTimeout=00:00:01",
        "--Orleans:ClusterMembership:NumMissedProbesLimit=2",
        "--Logging:LogLevel:Default=Warning",
        "--Logging:LogLevel:Microsoft.Hosting.Lifetime=Information",
        .. RpcTestServer.LoopbackLimits,
        .. _settings,
    ];
}
