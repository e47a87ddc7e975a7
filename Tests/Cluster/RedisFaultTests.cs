using OrleansRpc.Testing;
using System.Net;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// Redis killed and started again under a running cluster: calls that need no storage go on, calls that
/// do answer -32005 at once, readiness follows Redis, and what was acknowledged before is there after;
/// nodes asked to stop while it is down stop at once.
/// </summary>
public sealed class RedisFaultTests
{
    [Fact]
    public async Task ACallThatNeedsStorageFailsFastWhileRedisIsDownAndNothingAcknowledgedIsLost()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 1, silos: 0);
        await cluster.ExplainFailureAsync(() => RedisRestartedAsync(cluster));
    }

    [Fact]
    public async Task NodesAskedToStopWhileRedisIsDownStopAtOnce()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 1, silos: 1);
        await cluster.ExplainFailureAsync(async () =>
        {
            await cluster.Redis.KillAsync();
            TestProcess[] nodes = [cluster.Gateways[0].Process, cluster.Silos[0]];
            foreach (var node in nodes)
            {
                node.Terminate();
            }

            // Orleans would retry the nodes' last status writes until its stop stages timed out, two
            // minutes, longer than ExitCodeAsync waits; that it gave up early is in its log.
            foreach (var node in nodes)
            {
                Assert.Equal(0, await node.ExitCodeAsync());
                Assert.Contains("The membership table cannot be reached while this silo stops", node.Output, StringComparison.Ordinal);
                Assert.DoesNotContain("Graceful shutdown aborted", node.Output, StringComparison.Ordinal);
            }
        });
    }

    private static async Task RedisRestartedAsync(ClusterTopology cluster)
    {
        var gateway = cluster.Gateways[0];
        await using var http = new HttpRpcClient(gateway.HttpEndpoint, new CookieContainer());
        using var probe = new HttpClient();
        Assert.True((await http.AnswerAsync("user_session.set", "\"kept\",1"))["result"]!.GetValue<bool>());

        await cluster.Redis.KillAsync();

        Assert.Equal(19, (await http.AnswerAsync("subtract", "42,23"))["result"]!.GetValue<int>());
        var refused = await http.AnswerAsync("user_session.set", "\"lost\",2");
        Assert.Equal(-32005, refused["error"]?["code"]?.GetValue<int>());
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync(new Uri(gateway.Address, "/readyz"))).StatusCode);

        // A failed probe is logged as one line, what failed and why: a load balancer probes every few
        // seconds, and a stack trace each time would bury the log.
        // A second probe's entry follows the whole of the first's.
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await probe.GetAsync(new Uri(gateway.Address, "/readyz"))).StatusCode);
        const string Unreachable = "Redis is unreachable: ";
        await gateway.Process.WaitForLinesAsync(line => line.Contains(Unreachable, StringComparison.Ordinal), count: 2);
        var output = gateway.Process.Output;
        var first = output.IndexOf(Unreachable, StringComparison.Ordinal);
        var next = System.Text.RegularExpressions.Regex.Match(output[first..], @"\n(trce|dbug|info|warn|fail|crit):");
        var entry = output.Substring(first, next.Index);
        Assert.DoesNotContain("   at ", entry, StringComparison.Ordinal);

        await cluster.Redis.RestartAsync();

        // Nothing tells the outside when the node's Redis clients have reconnected: a load balancer asks
        // /readyz until it says so, and a client that got -32005 tries again; this does both, a bounded
        // number of times.
        Assert.True(await ReadyAgainAsync(probe, new Uri(gateway.Address, "/readyz")), "/readyz did not come back after Redis did.");
        var kept = await http.AnswerRetryingAsync("user_session.get", "\"kept\"", retryOn: [-32005, -32004], attempts: 50, TimeSpan.FromMilliseconds(200));
        Assert.Equal(1, kept["result"]!.GetValue<int>());

        // The write that failed was neither stored nor left in the grain's memory.
        Assert.Null((await http.AnswerAsync("user_session.get", "\"lost\""))["result"]);
    }

    private static async Task<bool> ReadyAgainAsync(HttpClient probe, Uri readiness)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            using var response = await probe.GetAsync(readiness);
            if (response.StatusCode == HttpStatusCode.OK)
            {
                return true;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }

        return false;
    }
}
