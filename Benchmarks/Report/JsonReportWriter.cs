using System.Text.Json;

namespace OrleansRpc.Benchmarks.Report;

/// <summary>
/// The run's results as JSON (<c>--json</c>): what the Markdown report shows, for tools rather than
/// readers (the smoke test reads it, and a comparison of two runs can).
/// </summary>
internal static class JsonReportWriter
{
    private static readonly JsonSerializerOptions s_options = new() { WriteIndented = true, PropertyNamingPolicy = JsonNamingPolicy.CamelCase };

    public static string Write(BenchmarkReport report, BenchmarkSettings settings, TimeSpan elapsed)
    {
        var targets = new List<TargetResult>(Target.All.Length);
        foreach (var target in Target.All)
        {
            report.Figures.TryGetValue(target.FigureKey, out var figure);
            var measured = figure is not null && !double.IsNaN(figure.Value);
            targets.Add(new TargetResult(target.Description, target.Goal, target.FigureKey, measured ? figure!.Value : null, figure?.Text, target.IsMet(figure)));
        }

        var sections = new List<SectionResult>(report.Sections.Count);
        foreach (var section in report.Sections)
        {
            sections.Add(new SectionResult(section.Title, section.Columns, section.Rows, section.Notes));
        }

        return JsonSerializer.Serialize(
            new RunResult(report.Commit.Trim('`'), settings.Quick, Environment.ProcessorCount, elapsed.TotalSeconds, targets, sections),
            s_options);
    }

    private sealed record RunResult(string Commit, bool Quick, int Cores, double ElapsedSeconds, List<TargetResult> Targets, List<SectionResult> Sections);

    private sealed record TargetResult(string Description, string Goal, string Figure, double? Value, string? Text, bool? Met);

    private sealed record SectionResult(string Title, IReadOnlyList<string> Columns, List<string[]> Rows, List<string> Notes);
}
