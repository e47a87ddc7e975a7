namespace OrleansRpc.Benchmarks.Report;

/// <summary>Everything a run found: one section per scenario, and the figures the targets are judged on.</summary>
internal sealed class BenchmarkReport
{
    /// <summary>
    /// The commit the run was built from, read when it starts: the working tree may move on during a
    /// half-hour run, and the report must name what was measured.
    /// </summary>
    public string Commit { get; } = ReportWriter.Commit();

    public List<ReportSection> Sections { get; } = [];

    public Dictionary<string, Figure> Figures { get; } = [];

    public ReportSection AddSection(string title, string description, params string[] columns)
    {
        var section = new ReportSection(title, description, columns);
        Sections.Add(section);
        return section;
    }

    public void SetFigure(string key, double value, string text) => Figures[key] = new Figure(value, text);
}
