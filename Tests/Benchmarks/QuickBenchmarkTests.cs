using System.Diagnostics;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>
/// CI runs the benchmark program in its quick mode, so that it keeps working: every scenario runs for a
/// moment and writes its section. Its numbers mean nothing and are not looked at here; only that each
/// scenario ran without errors and measured something.
/// </summary>
public sealed class QuickBenchmarkTests
{
    [Fact]
    public async Task QuickRunMeasuresEveryScenario()
    {
        var output = Path.Combine(Path.GetTempPath(), $"orleansrpc-bench-{Guid.NewGuid():N}.md");
        var info = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[] { Path.Combine(AppContext.BaseDirectory, "OrleansRpc.Benchmarks.dll"), "--quick", "--output", output })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        try
        {
            await process.WaitForExitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw;
        }

        Assert.True(process.ExitCode == 0, $"exit code {process.ExitCode}\n{await stderr}\n{await stdout}");
        var report = await File.ReadAllTextAsync(output);
        File.Delete(output);
        foreach (var section in new[]
        {
            "## Request/response over WebSocket", "## Request/response over HTTP", "## Open loop: latency at a fixed rate",
            "## Group fan-out", "## Slow consumers", "## Idle memory per connection", "## Dispatcher micro-benchmarks (BenchmarkDotNet)",
            "## Concurrent connections", "## Cluster: two Gateways on Redis",
        })
        {
            Assert.Contains(section, report);
        }

        // Every target but the one this machine cannot try has a measured figure.
        var targets = report.Split('\n').SkipWhile(l => l != "## Targets").Skip(4).TakeWhile(l => l.StartsWith('|')).ToArray();
        Assert.Equal(16, targets.Length);
        Assert.All(targets.Where(l => !l.Contains("raised limits", StringComparison.Ordinal)), l => Assert.DoesNotContain("not measured", l));
        Assert.Contains("Afterwards the server accepted a new connection and answered a call.", report);
        Assert.Contains("| 'codec: read the envelope, method looked up' |", report);
        Assert.Contains("| 'codec: write the answer' |", report);

        // The baselines that make the same grain call as JSON-RPC's subtract answered.
        Assert.Contains("| echo + grain call |", report);
        Assert.Contains("| minimal API + grain call |", report);
        Assert.Contains("| SignalR hub + grain call |", report);

        // The cluster scenario ran its nodes on a Redis of its own and killed one of them.
        Assert.Contains("| 100 members, 16 publishers | **two nodes, members split** (÷ one node) |", report);
        Assert.Contains("| 64 × 16 | **grain on the other node** (cost ÷ local) |", report);
        Assert.Matches("Failure detection: the surviving node declared the node killed with SIGKILL dead after [0-9.]+ s", report);
    }
}
