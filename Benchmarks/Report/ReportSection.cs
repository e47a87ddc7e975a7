namespace OrleansRpc.Benchmarks.Report;

/// <summary>One scenario's table in the report, with what it measured and anything worth knowing about the run.</summary>
internal sealed class ReportSection(string title, string description, params string[] columns)
{
    public string Title { get; } = title;

    public string Description { get; } = description;

    public IReadOnlyList<string> Columns { get; } = columns;

    public List<string[]> Rows { get; } = [];

    public List<string> Notes { get; } = [];

    public void Add(params string[] cells) => Rows.Add(cells);
}
