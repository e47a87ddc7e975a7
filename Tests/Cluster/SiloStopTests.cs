using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansRpc.Tests.Cluster;

/// <summary>
/// A Silo stopped with SIGTERM, three times, while 24 clients write their sessions without pause: what the
/// README's "A Silo's stop" promises. Every write answers true, or -32004 "may or may not have run" for a
/// call the Silo had taken when it left; and afterwards each session holds its client's last acknowledged
/// write, or a later one that answered -32004. The Silo's session grains deactivate as it stops and hand the
/// calls waiting in their queues on to their next activation, which a node that is shutting down cannot
/// place: Orleans refuses them back with a <c>SiloUnavailableException</c> ("Silo '…' is shutting down."),
/// which the Gateway makes again (<c>UndeliveredCall</c>); a refusal the stopping Silo no longer gets out
/// reaches the Gateway as the node going away with the call out, -32004.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class SiloStopTests(ITestOutputHelper output)
{
    private const int Writers = 24;
    private const int Stops = 3;
    private const string MayHaveRun = "may or may not have run";

    [Fact]
    public async Task WritesThroughSiloStopsAnswerTrueOrMayHaveRunAndTheAcknowledgedOnesReadBack()
    {
        await using var cluster = await ClusterTopology.StartAsync(gateways: 1, silos: 1);
        await cluster.ExplainFailureAsync(async () =>
        {
            var gateway = cluster.Gateways[0];
            var clients = Enumerable.Range(0, Writers).Select(_ => new HttpRpcClient(gateway.HttpEndpoint)).ToArray();
            var acknowledged = new int[Writers];
            var attempted = new int[Writers];
            var violations = new ConcurrentQueue<string>();
            var mayHaveRun = 0;
            var clock = Stopwatch.StartNew();
            long calls = 0;
            try
            {
                var next = new int[Writers];
                for (var stop = 0; stop < Stops; stop++)
                {
                    using var done = new CancellationTokenSource();
                    var writing = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var writingAgain = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                    var before = Interlocked.Read(ref calls);
                    var again = long.MaxValue;
                    var writers = Enumerable.Range(0, Writers).Select(w => Task.Run(async () =>
                    {
                        while (!done.IsCancellationRequested)
                        {
                            var value = ++next[w];
                            attempted[w] = value;
                            var sent = clock.Elapsed;
                            var answer = await clients[w].ExchangeAsync($$"""{"jsonrpc":"2.0","method":"user_session.set","params":["n",{{value}}],"id":{{value}}}""");
                            if (answer is not null && answer.Contains("\"result\":true", StringComparison.Ordinal))
                            {
                                acknowledged[w] = value;
                            }
                            else if (answer is not null && answer.Contains("-32004", StringComparison.Ordinal) && answer.Contains(MayHaveRun, StringComparison.Ordinal))
                            {
                                Interlocked.Increment(ref mayHaveRun);
                            }
                            else
                            {
                                violations.Enqueue($"writer {w}, sent at {sent.TotalSeconds:0.000} s, answered at {clock.Elapsed.TotalSeconds:0.000} s: {answer}");
                            }

                            var count = Interlocked.Increment(ref calls);
                            if (count >= before + (Writers * 50))
                            {
                                writing.TrySetResult();
                            }

                            if (count >= Volatile.Read(ref again))
                            {
                                writingAgain.TrySetResult();
                            }
                        }
                    })).ToArray();

                    await writing.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    var silo = cluster.Silos[^1];
                    output.WriteLine($"SIGTERM to the Silo at {clock.Elapsed.TotalSeconds:0.000} s");
                    silo.Terminate();
                    Assert.Equal(0, await silo.ExitCodeAsync());
                    output.WriteLine($"it left at {clock.Elapsed.TotalSeconds:0.000} s");

                    // A new Silo, and writes while it takes grains, before the next stop.
                    await cluster.AddSiloAsync();
                    Volatile.Write(ref again, Interlocked.Read(ref calls) + (Writers * 100));
                    await writingAgain.Task.WaitAsync(TimeSpan.FromSeconds(30));
                    await done.CancelAsync();
                    await Task.WhenAll(writers);
                }

                for (var w = 0; w < Writers; w++)
                {
                    var stored = JsonNode.Parse((await clients[w].ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["n"],"id":"read"}"""))!)!["result"]?.GetValue<int>();
                    if (stored is not { } value || value < acknowledged[w] || value > attempted[w])
                    {
                        violations.Enqueue($"writer {w}: its session holds {stored?.ToString() ?? "nothing"}, its last acknowledged write was {acknowledged[w]} and its last write {attempted[w]}");
                    }
                }
            }
            finally
            {
                foreach (var client in clients)
                {
                    await client.DisposeAsync();
                }
            }

            output.WriteLine($"{calls} writes over {Stops} stops: {mayHaveRun} answered -32004 \"{MayHaveRun}\", {violations.Count} violations");
            foreach (var violation in violations)
            {
                output.WriteLine(violation);
            }

            Assert.Empty(violations);
        });
    }
}
