namespace OrleansRpc.Benchmarks.Report;

/// <summary>A figure a target is judged on: its value and how the report shows it.</summary>
internal sealed record Figure(double Value, string Text);
