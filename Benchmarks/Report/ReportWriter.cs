using System.Diagnostics;
using System.Runtime;
using System.Runtime.InteropServices;
using System.Text;

namespace OrleansRpc.Benchmarks.Report;

/// <summary>
/// Writes the report as Markdown: where and how it was run, the targets and each scenario's table. Results
/// only: what was learnt from them is kept by hand in Benchmarks/Findings.md, which the report points to.
/// </summary>
internal static class ReportWriter
{
    public static string Write(BenchmarkReport report, BenchmarkSettings settings, TimeSpan elapsed)
    {
        var text = new StringBuilder();
        text.AppendLine("# Benchmarks");
        text.AppendLine();
        text.AppendLine("Written by `dotnet run -c Release --project Benchmarks`" + (settings.Quick ? " with `--quick` (these numbers mean nothing)" : string.Empty) + ". Every ratio compares runs made next to each other in the same run, on the same machine; each figure is the median of the repetitions, and a ratio is followed, in brackets, by the lowest and highest of its pairs (one pair per repetition), which is how far one comparison strays here.");
        text.AppendLine();
        text.AppendLine("| | |");
        text.AppendLine("|---|---|");
        text.AppendLine($"| date | {DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC |");
        text.AppendLine($"| commit | {report.Commit} |");
        text.AppendLine($"| machine | {Environment.ProcessorCount} cores, {MemoryGiB():0.#} GiB, {RuntimeInformation.OSDescription} |");
        text.AppendLine($"| runtime | {RuntimeInformation.FrameworkDescription}, {(GCSettings.IsServerGC ? "server" : "workstation")} GC |");
        text.AppendLine($"| parameters | {settings.Repetitions} repetitions × {settings.Duration.TotalSeconds:0.##} s measured per variant, warm-up ≤ {settings.WarmUpLimit.TotalSeconds:0.##} s in {settings.WarmUpWindow.TotalSeconds:0.##} s windows, a forced full GC before each measured window; whole run {elapsed.TotalMinutes:0.0} min |");
        text.AppendLine();
        text.AppendLine("Server and load generator are separate processes on the same 2-core machine, so they share it; the primary figure, work per second of *server* CPU, is what makes the runs comparable. A run marked *client-bound* had the load generator using at least as much CPU as the server on a busy machine.");
        text.AppendLine();

        text.AppendLine("## Targets");
        text.AppendLine();
        text.AppendLine("| figure | target | measured | |");
        text.AppendLine("|---|---|---|---|");
        foreach (var target in Target.All)
        {
            report.Figures.TryGetValue(target.FigureKey, out var figure);
            text.AppendLine($"| {target.Description} | {target.Goal} | {figure?.Text ?? "—"} | {target.Status(figure)} |");
        }

        text.AppendLine();
        foreach (var section in report.Sections)
        {
            text.AppendLine($"## {section.Title}");
            text.AppendLine();
            text.AppendLine(section.Description);
            text.AppendLine();
            if (section.Rows.Count > 0)
            {
                text.AppendLine("| " + string.Join(" | ", section.Columns) + " |");
                text.AppendLine("|" + string.Concat(section.Columns.Select(_ => "---|")));
                foreach (var row in section.Rows)
                {
                    text.AppendLine("| " + string.Join(" | ", row) + " |");
                }

                text.AppendLine();
            }

            foreach (var note in section.Notes)
            {
                text.AppendLine($"- {note}");
            }

            if (section.Notes.Count > 0)
            {
                text.AppendLine();
            }
        }

        text.AppendLine("What these figures showed, and what was changed because of them, is in [`Benchmarks/Findings.md`](Benchmarks/Findings.md), the lab notes.");

        return text.ToString();
    }

    public static string Commit()
    {
        try
        {
            var info = new ProcessStartInfo("git", "describe --always --dirty --abbrev=12") { RedirectStandardOutput = true, RedirectStandardError = true };
            using var git = Process.Start(info)!;
            var commit = git.StandardOutput.ReadToEnd().Trim();
            git.WaitForExit();
            return git.ExitCode == 0 ? $"`{commit}`" : "unknown";
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return "unknown (no git)";
        }
    }

    private static double MemoryGiB() => GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024);
}
