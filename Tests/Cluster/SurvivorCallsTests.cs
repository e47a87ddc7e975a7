using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// Calls that need only the surviving nodes, made while a killed node is not yet declared dead (its port
/// checks off, Orleans's probes slowed to minutes): new connections on a survivor, each calling grains of
/// its own connection and a stateless worker. Orleans's default directory would keep a third of those
/// grains' entries in the dead node's partition and fail them until the death is declared; the grains
/// bound to a node keep their entries on it (ARCHITECTURE.md, "A node's death").
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class SurvivorCallsTests(ITestOutputHelper output)
{
    private const int Connections = 30;

    // Nothing declares the killed node dead within the test: no port check, and 60 s × 3 of missed probes.
    private static readonly string[] s_noDeathDeclared =
    [
        "--Orleans:DeadNodeCheckPeriod=00:00:00",
        "--Orleans:ClusterMembership:ProbeTimeout=00:01:00",
        "--Orleans:ClusterMembership:NumMissedProbesLimit=3",
    ];

    [Fact]
    public async Task NewConnectionsOnASurvivorAreAnsweredBeforeTheDeathIsDeclared()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1, s_noDeathDeclared);
        await cluster.ExplainFailureAsync(async () =>
        {
            var (doomed, survivor) = (cluster.Gateways[0], cluster.Gateways[1]);
            await using var http = new HttpRpcClient(survivor.HttpEndpoint);
            Assert.Contains(doomed.Silo, await ActiveSilosAsync(http));

            doomed.Process.Kill();
            await doomed.Process.ExitCodeAsync();

            var failures = new List<string>();
            for (var i = 0; i < Connections; i++)
            {
                await using var client = new WebSocketRpcClient(survivor.WebSocketEndpoint);
                await client.ConnectAsync();

                // The connection's own grains: notify.me's (keyed by the connection) and the connection grain it notifies through.
                await client.SendAsync($$"""{"jsonrpc":"2.0","method":"notify.me","params":[{{i}}],"id":1}""");
                var notified = await ReceiveBoundedAsync(client);
                var answered = notified.StartsWith("{\"jsonrpc\":\"2.0\",\"method\"", StringComparison.Ordinal) ? await ReceiveBoundedAsync(client) : notified;
                if (!JsonNode.DeepEquals(JsonNode.Parse(answered), JsonNode.Parse("""{"jsonrpc":"2.0","result":true,"id":1}""")))
                {
                    failures.Add($"connection {i}, notify.me: {answered}");
                }

                // A stateless worker, on the caller's node.
                var subtracted = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"subtract","params":[{{i + 19}},19],"id":2}""").WaitAsync(TimeSpan.FromSeconds(20));
                if (!JsonNode.DeepEquals(JsonNode.Parse(subtracted!), JsonNode.Parse($$"""{"jsonrpc":"2.0","result":{{i}},"id":2}""")))
                {
                    failures.Add($"connection {i}, subtract: {subtracted}");
                }
            }

            // All of it happened while the others still counted the killed node among the living.
            var stillCounted = (await ActiveSilosAsync(http)).Contains(doomed.Silo);
            output.WriteLine($"{Connections} new connections, {failures.Count} failed calls, the killed node {(stillCounted ? "still" : "no longer")} counted alive at the end.");
            foreach (var failure in failures)
            {
                output.WriteLine(failure);
            }

            Assert.True(stillCounted, "the killed node was declared dead during the test: it shows nothing");
            Assert.Empty(failures);
        });
    }

    [Fact]
    public async Task CallsMadeAfterAKillToGrainsThatLivedOnTheKilledNodeAreAnsweredOnceTheyArePlacedAgain()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 2, silos: 1);
        await cluster.ExplainFailureAsync(async () =>
        {
            var (doomed, survivor) = (cluster.Gateways[0], cluster.Gateways[1]);
            var group = "room-" + Guid.NewGuid().ToString("N");
            var cookies = new System.Net.CookieContainer();
            await using var http = new HttpRpcClient(survivor.HttpEndpoint, cookies);
            Assert.Equal(doomed.Silo, (await http.CallAsync("test.place_group", $"\"{group}\",\"{doomed.Silo}\"")).GetValue<string>());
            Assert.Equal(doomed.Silo, (await http.CallAsync("test.place_my_session", $"\"{doomed.Silo}\"")).GetValue<string>());
            Assert.True((await http.CallAsync("user_session.set", "\"n\",1")).GetValue<bool>());

            doomed.Process.Kill();
            await doomed.Process.ExitCodeAsync();
            var killed = System.Diagnostics.Stopwatch.StartNew();

            // Nothing was on its way when the node died: each of these calls first finds its grain's node
            // gone, which it cannot have run on, and is made again until the grain answers from a survivor.
            var answers = await Task.WhenAll(
                http.AnswerAsync("user_session.get", "\"n\""),
                http.AnswerAsync("group.count", $"\"{group}\""),
                http.AnswerAsync("group.send", $"\"{group}\",1")).WaitAsync(TimeSpan.FromSeconds(30));
            output.WriteLine($"Answered {killed.Elapsed.TotalSeconds:0.00} s after the kill: {string.Join(", ", answers.Select(a => a.ToJsonString()))}");

            Assert.Equal(1, answers[0]["result"]?.GetValue<int>());
            Assert.Equal(0, answers[1]["result"]?.GetValue<int>());
            Assert.NotNull(answers[2]["result"]);
            Assert.True((await http.CallAsync("user_session.set", "\"n\",2")).GetValue<bool>());
            Assert.Equal(2, (await http.CallAsync("user_session.get", "\"n\"")).GetValue<int>());
        });
    }

    private static async Task<string> ReceiveBoundedAsync(WebSocketRpcClient client) =>
        await client.ReceiveAsync().WaitAsync(TimeSpan.FromSeconds(20));

    private static async Task<IEnumerable<string>> ActiveSilosAsync(HttpRpcClient http) =>
        (await http.CallAsync("test.active_silos", string.Empty)).AsArray().Select(s => (string)s!);
}
