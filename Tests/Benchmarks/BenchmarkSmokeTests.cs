using System.Text.Json;
using OrleansRpc.Testing;

namespace OrleansRpc.Tests.Benchmarks;

/// <summary>
/// The benchmark program keeps working: in its quick mode, at one small load per scenario, every scenario
/// but the cluster (whose nodes and Redis take longer than the whole rest) runs for a moment and the run
/// writes its report, in Markdown and as JSON. The numbers mean nothing and are not judged; the JSON is
/// read for its shape only.
/// </summary>
public sealed class BenchmarkSmokeTests
{
    private static readonly string[] s_scenarios = ["websocket", "http", "open-loop", "fan-out", "slow-consumer", "memory", "connect", "stream", "micro", "connections"];

    [Fact]
    public async Task AQuickRunWritesAReportThatParses()
    {
        var markdown = Path.Combine(Path.GetTempPath(), $"orleansrpc-bench-{Guid.NewGuid():N}.md");
        var json = Path.ChangeExtension(markdown, ".json");
        string[] arguments =
        [
            "--quick", "--load", "8x4", "--members", "100",
            .. s_scenarios.SelectMany(s => new[] { "--scenario", s }), "--output", markdown, "--json", json,
        ];
        await using var process = TestProcess.StartDotnet(Path.Combine(AppContext.BaseDirectory, "OrleansRpc.Benchmarks.dll"), null, arguments);
        var exitCode = await process.ExitCodeAsync(TimeSpan.FromMinutes(3));
        try
        {
            Assert.True(exitCode == 0, $"exit code {exitCode}\n{process.Output}");
            Assert.StartsWith("# Benchmarks", await File.ReadAllTextAsync(markdown), StringComparison.Ordinal);

            using var results = JsonDocument.Parse(await File.ReadAllTextAsync(json));
            var root = results.RootElement;
            Assert.True(root.GetProperty("quick").GetBoolean());
            Assert.True(root.GetProperty("elapsedSeconds").GetDouble() > 0);

            // A section per scenario, each with rows as wide as its columns.
            var sections = root.GetProperty("sections").EnumerateArray().ToList();
            Assert.Equal(s_scenarios.Length, sections.Count);
            foreach (var section in sections)
            {
                var columns = section.GetProperty("columns").GetArrayLength();
                var rows = section.GetProperty("rows").EnumerateArray().ToList();
                Assert.NotEmpty(rows);
                Assert.All(rows, row => Assert.Equal(columns, row.GetArrayLength()));
            }

            // Every target is listed; those this run measured have a finite figure and a verdict.
            var targets = root.GetProperty("targets").EnumerateArray().ToList();
            Assert.NotEmpty(targets);
            var measured = targets.Where(t => t.GetProperty("value").ValueKind == JsonValueKind.Number).ToList();
            Assert.NotEmpty(measured);
            Assert.All(measured, t =>
            {
                Assert.True(double.IsFinite(t.GetProperty("value").GetDouble()));
                Assert.NotEqual(JsonValueKind.Null, t.GetProperty("met").ValueKind);
            });
        }
        finally
        {
            File.Delete(markdown);
            File.Delete(json);
        }
    }
}
