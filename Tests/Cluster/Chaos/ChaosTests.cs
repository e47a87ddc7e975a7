using System.Net;
using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>
/// A minute of mixed load on a cluster of real processes (Redis, two Gateways, a Silo) while nodes are
/// killed with SIGKILL, stopped with SIGTERM and replaced, and Redis is restarted. Every answer is judged
/// by <see cref="ChaosLedger"/> against what the README documents for the situation it was in; every
/// acknowledged session write must read back, and every group member must hear its group in publish
/// order, whole while its node lived. It prints what it saw: calls, errors by cause, each fault and how
/// long a killed node took to be declared dead.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class ChaosTests(ITestOutputHelper output)
{
    private const int Workers = 4;
    private static readonly TimeSpan s_load = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan s_between = TimeSpan.FromSeconds(8);

    [Fact]
    public async Task UnderKillsStopsAndARedisRestartEveryAnswerIsDocumentedAndNothingAcknowledgedIsLost()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1);
        var ledger = new ChaosLedger();
        var gateways = new ChaosGateways();
        foreach (var gateway in cluster.Gateways)
        {
            gateways.Add(gateway);
        }

        var workers = Enumerable.Range(0, Workers).Select(i => new ChaosWorker(i, gateways, ledger)).ToArray();
        using var stop = new CancellationTokenSource();
        var load = workers.Select(w => Task.Run(() => w.RunAsync(stop.Token))).ToArray();
        var started = ledger.Now;
        try
        {
            await Task.Delay(s_between);
            await KillGatewayAsync(cluster, gateways, ledger, cluster.Gateways[0]);
            await Task.Delay(s_between);
            await TerminateSiloAsync(cluster, ledger, cluster.Silos[0]);
            await Task.Delay(s_between);
            await RestartRedisAsync(cluster, gateways, ledger);
            await Task.Delay(s_between);
            await KillGatewayAsync(cluster, gateways, ledger, cluster.Gateways[1]);
            var left = s_load - (ledger.Now - started);
            if (left > TimeSpan.Zero)
            {
                await Task.Delay(left);
            }
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(load).WaitAsync(TimeSpan.FromMinutes(2));
        }

        // Every acknowledged write reads back, through every Gateway.
        foreach (var gateway in gateways.Snapshot())
        {
            foreach (var worker in workers)
            {
                await worker.CheckSessionAsync(gateway);
            }
        }

        var violations = ledger.Judge();
        output.WriteLine(ledger.Summary());
        foreach (var violation in violations.Take(50))
        {
            output.WriteLine("VIOLATION " + violation);
        }

        // With what every process wrote: an unexplained answer's exception is in its Gateway's log.
        await cluster.ExplainFailureAsync(() =>
        {
            Assert.True(violations.Count == 0, $"{violations.Count} violations; the first: {violations.FirstOrDefault()}\n{ledger.Summary()}");
            return Task.CompletedTask;
        });
    }

    /// <summary>SIGKILL; the load balancer learns of it once a survivor sees it dead; a new Gateway takes its place.</summary>
    private async Task KillGatewayAsync(ClusterTopology cluster, ChaosGateways gateways, ChaosLedger ledger, ClusterNode doomed)
    {
        var fault = ledger.BeginFault(ChaosFault.Kill, doomed.Address.ToString());
        doomed.Process.Kill();
        fault.Detection = await DeclaredDeadAsync(gateways, doomed, doomed.Silo, ledger, fault);
        fault.Left = fault.Start + fault.Detection.Value;
        gateways.Remove(doomed);
        gateways.Add(await cluster.AddGatewayAsync());
        fault.End = ledger.Now;
    }

    /// <summary>SIGTERM to the headless Silo: it leaves the cluster by itself; a new one takes its place.</summary>
    private static async Task TerminateSiloAsync(ClusterTopology cluster, ChaosLedger ledger, TestProcess silo)
    {
        var fault = ledger.BeginFault(ChaosFault.Terminate, "silo");
        silo.Terminate();
        Assert.Equal(0, await silo.ExitCodeAsync());
        fault.Left = ledger.Now;
        await cluster.AddSiloAsync();
        fault.End = ledger.Now;
    }

    /// <summary>
    /// Redis killed (what it acknowledged is on disk) and started again. Storage is back once every Gateway
    /// is ready and a session write goes through each: readiness asks Redis through a connection of its
    /// own, and each storage provider's connection comes back within its reconnect interval after.
    /// </summary>
    private async Task RestartRedisAsync(ClusterTopology cluster, ChaosGateways gateways, ChaosLedger ledger)
    {
        var fault = ledger.BeginFault(ChaosFault.RedisRestart, "redis");
        await cluster.Redis.KillAsync();
        await Task.Delay(TimeSpan.FromSeconds(2));
        await cluster.Redis.RestartAsync();
        var restarted = ledger.Now;
        using var probe = new HttpClient();
        foreach (var gateway in gateways.Snapshot())
        {
            await UntilAsync(async () => (await probe.GetAsync(new Uri(gateway.Address, "/readyz"))).StatusCode == HttpStatusCode.OK, $"{gateway.Address} ready");
        }

        var ready = ledger.Now;
        foreach (var gateway in gateways.Snapshot())
        {
            await using var http = new HttpRpcClient(gateway.HttpEndpoint);
            await UntilAsync(async () => (await http.AnswerAsync("user_session.set", "\"probe\",1"))["result"] is not null, $"storage through {gateway.Address}");
        }

        fault.End = ledger.Now;
        output.WriteLine($"Redis back at {restarted.TotalSeconds:0.0} s; every Gateway ready {(ready - restarted).TotalSeconds:0.00} s later, storing {(fault.End - restarted).TotalSeconds:0.00} s later.");
    }

    /// <summary>Asks again every 100 ms, for at most 20 s, until the condition holds: nothing outside a node tells when it has recovered.</summary>
    private static async Task UntilAsync(Func<Task<bool>> condition, string what)
    {
        for (var attempt = 0; !await condition(); attempt++)
        {
            Assert.True(attempt < 200, $"no {what} 20 s after Redis came back");
            await Task.Delay(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>How long after the fault a surviving Gateway saw the node dead (Orleans's membership, not a guess).</summary>
    private async Task<TimeSpan> DeclaredDeadAsync(ChaosGateways gateways, ClusterNode doomed, string silo, ChaosLedger ledger, ChaosFault fault)
    {
        var survivor = gateways.Snapshot().First(g => g != doomed);
        await using var http = new HttpRpcClient(survivor.HttpEndpoint);
        Assert.True((await http.CallAsync("test.await_dead", $"\"{silo}\"")).GetValue<bool>());
        var detection = ledger.Now - fault.Start;
        output.WriteLine($"{doomed.Address} ({silo}) declared dead {detection.TotalSeconds:0.00} s after {fault.Kind}.");
        return detection;
    }
}
