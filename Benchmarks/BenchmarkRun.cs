using System.Diagnostics;
using OrleansRpc.Benchmarks.Load;
using OrleansRpc.Benchmarks.Report;
using OrleansRpc.Benchmarks.Scenarios;

namespace OrleansRpc.Benchmarks;

/// <summary>A whole run: the server in a child process, every selected scenario against it, then the report.</summary>
internal static class BenchmarkRun
{
    // The connection limit goes last: it takes the server to its file limit.
    private static readonly IScenario[] s_scenarios =
    [
        new WebSocketScenario(),
        new HttpScenario(),
        new OpenLoopScenario(),
        new FanOutScenario(),
        new SlowConsumerScenario(),
        new IdleMemoryScenario(),
        new ConnectScenario(),
        new StreamScenario(),
        new MicroScenario(),
        new ClusterScenario(),
        new ReconnectStormScenario(),
        new ConnectionLimitScenario(),
    ];

    public static async Task<int> RunAsync(BenchmarkSettings settings)
    {
        var started = Stopwatch.GetTimestamp();
        var report = new BenchmarkReport();
        var log = Console.Out;
        var failures = new List<string>();

        // Before the server starts, so that it inherits the limit.
        var fileLimit = FileLimit.Raise(ConnectionLimitScenario.FilesWanted);
        log.WriteLine(fileLimit.Describe());
        await using (var server = await ServerProcess.StartAsync())
        {
            log.WriteLine($"Server process {server.Pid} at {server.Address}");
            var context = new ScenarioContext(server, new LoadRunner(server, settings, log), settings, report, log, fileLimit);
            foreach (var scenario in s_scenarios.Where(s => settings.Runs(s.Name)))
            {
                log.WriteLine($"== {scenario.Name}");
                try
                {
                    await scenario.RunAsync(context, CancellationToken.None);
                }
                catch (Exception ex)
                {
                    failures.Add($"{scenario.Name}: {ex}");
                    log.WriteLine($"Scenario {scenario.Name} failed: {ex}");
                }
            }

            failures.AddRange(context.Errors);
        }

        var markdown = ReportWriter.Write(report, settings, Stopwatch.GetElapsedTime(started));
        log.WriteLine();
        log.WriteLine(markdown);
        if (settings.Output is { } output)
        {
            await File.WriteAllTextAsync(output, markdown);
            log.WriteLine($"Report written to {Path.GetFullPath(output)}");
        }

        if (settings.JsonOutput is { } json)
        {
            await File.WriteAllTextAsync(json, JsonReportWriter.Write(report, settings, Stopwatch.GetElapsedTime(started)));
            log.WriteLine($"Results written to {Path.GetFullPath(json)}");
        }

        foreach (var failure in failures)
        {
            Console.Error.WriteLine($"FAILED {failure}");
        }

        return failures.Count == 0 ? 0 : 1;
    }
}
