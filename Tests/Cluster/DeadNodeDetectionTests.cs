using System.Diagnostics;
using OrleansRpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// How fast a cluster of real processes on Redis tells a dead node from a slow one. A killed node's silo
/// port refuses connections, which no live process's does: the others vote it dead through Orleans's
/// membership table at once (DeadSiloSweeper), while a node that only stands still keeps its port and is
/// left to Orleans's probes, whose window these tests make long on purpose.
/// </summary>
public sealed class DeadNodeDetectionTests(ITestOutputHelper output)
{
    // Orleans's own probes cannot declare anything dead within these tests' waits: 30 s per probe, three missed.
    private static readonly string[] s_slowProbes =
    [
        "--Orleans:ClusterMembership:ProbeTimeout=00:00:30",
        "--Orleans:ClusterMembership:NumMissedProbesLimit=3",
    ];

    [Fact]
    public async Task AKilledNodeIsDeclaredDeadByTheOthersLongBeforeOrleansProbesCould()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1, s_slowProbes);
        await cluster.ExplainFailureAsync(async () =>
        {
            var (doomed, survivor) = (cluster.Gateways[0], cluster.Gateways[1]);
            await using var http = new HttpRpcClient(survivor.HttpEndpoint);
            Assert.Contains(doomed.Silo, (await http.CallAsync("test.active_silos", string.Empty)).AsArray().Select(s => (string)s!));

            var killed = Stopwatch.StartNew();
            doomed.Process.Kill();

            // Two votes (the survivor's and the silo's) are Orleans's NumVotesForDeathDeclaration. The probe's
            // grain may have lived on the killed node: until the death is declared its calls answer -32004.
            var dead = await http.AnswerRetryingAsync("test.await_dead", $"\"{doomed.Silo}\"", retryOn: [-32004], attempts: 100, TimeSpan.FromMilliseconds(100)).WaitAsync(TimeSpan.FromSeconds(20));
            Assert.True(dead["result"]?.GetValue<bool>(), dead.ToJsonString());
            output.WriteLine($"The survivor saw the killed node dead {killed.Elapsed.TotalSeconds:0.00} s after SIGKILL (Orleans's probes: 30 s × 3).");

            // A voter's line reaches this process through its console logger and its output pipe, after the
            // vote itself: waited for, not looked for once (a look alone failed while the line was on its way).
            var voters = cluster.Gateways.Skip(1).Select(g => g.Process).Concat(cluster.Silos);
            await await Task.WhenAny(voters.Select(node => node.WaitForLineAsync(line => line.Contains("refuses connections: its process is gone", StringComparison.Ordinal), TimeSpan.FromSeconds(10))));
            Assert.Equal(19, (await http.CallAsync("subtract", "42,23")).GetValue<int>());
        });
    }

    [Fact]
    public async Task ANodeStoppedForThreeSecondsStaysAMemberAndKeepsItsClients()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 0, s_slowProbes);
        await cluster.ExplainFailureAsync(async () =>
        {
            var (frozen, other) = (cluster.Gateways[0], cluster.Gateways[1]);
            await using var client = new WebSocketRpcClient(frozen.WebSocketEndpoint);
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));

            frozen.Process.Pause();
            try
            {
                // The fault itself is three seconds of standing still (six of the other node's port checks).
                await Task.Delay(TimeSpan.FromSeconds(3));
            }
            finally
            {
                frozen.Process.Resume();
            }

            // The same socket answers, and the other node still counts the frozen one among the living.
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":2}"""));
            await using var http = new HttpRpcClient(other.HttpEndpoint);
            Assert.Contains(frozen.Silo, (await http.CallAsync("test.active_silos", string.Empty)).AsArray().Select(s => (string)s!));
            Assert.DoesNotContain("refuses connections", other.Process.Output, StringComparison.Ordinal);
        });
    }
}
