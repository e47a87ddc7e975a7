using System.Net;
using System.Net.Sockets;
using OrleansRpc.Testing;
using OrleansRpc.Tests.Cluster;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Documentation;

/// <summary>
/// The README's local cluster is one script (<c>cluster.sh</c>), run here as a user would run it, on free
/// ports: both Gateways answer and share a browser session, and a TERM stops every process it started and
/// removes Redis's folder.
/// </summary>
public sealed class ClusterScriptTests
{
    [Fact]
    public async Task TheClusterScriptStartsACluster_AndStopsEverythingItStarted()
    {
        var (redis, first, second) = (LoopbackPorts.Unused(), LoopbackPorts.Unused(), LoopbackPorts.Unused());
        var root = Path.GetDirectoryName(ReadmeCodeBlock.ReadmePath())!;
        await using var script = TestProcess.Start("bash", root, new Dictionary<string, string>
        {
            ["REDIS_PORT"] = $"{redis}",
            ["GATEWAY_PORTS"] = $"{first} {second}",
            // The test run built them already.
            ["CLUSTER_NO_BUILD"] = "1",
        }, "cluster.sh");
        var ready = await script.WaitForLineAsync(l => l.StartsWith("ready: ", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        var data = ready[(ready.IndexOf("(data in ", StringComparison.Ordinal) + "(data in ".Length)..ready.IndexOf(')', StringComparison.Ordinal)];
        Assert.True(Directory.Exists(data), ready);

        // One browser, two Gateways: the session written through one is read through the other.
        var cookies = new CookieContainer();
        await using (var onFirst = new HttpRpcClient(new Uri($"http://127.0.0.1:{first}/rpc"), cookies))
        {
            Assert.True((await onFirst.CallAsync("user_session.set", "\"k\",\"v\"")).GetValue<bool>());
        }

        await using (var onSecond = new HttpRpcClient(new Uri($"http://127.0.0.1:{second}/rpc"), cookies))
        {
            Assert.Equal("v", (await onSecond.CallAsync("user_session.get", "\"k\"")).GetValue<string>());
        }

        script.Terminate();
        await script.WaitForLineAsync(l => l == "stopped", TimeSpan.FromMinutes(1));
        await script.ExitCodeAsync(TimeSpan.FromMinutes(1));

        // Nothing it started is left: no port answers, and Redis's folder is gone.
        foreach (var port in new[] { redis, first, second })
        {
            using var probe = new TcpClient();
            await Assert.ThrowsAnyAsync<SocketException>(() => probe.ConnectAsync(IPAddress.Loopback, port));
        }

        Assert.False(Directory.Exists(data), $"{data} is still there");
    }
}
