using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using OrleansRpc.Benchmarks.Micro;

namespace OrleansRpc.Benchmarks.Scenarios;

/// <summary>BenchmarkDotNet over the dispatcher and the codec, in this process: time and allocated bytes per message.</summary>
internal sealed class MicroScenario : IScenario
{
    public string Name => "micro";

    public Task RunAsync(ScenarioContext context, CancellationToken cancellationToken)
    {
        var summary = BenchmarkRunner.Run([typeof(DispatcherBenchmarks), typeof(CodecBenchmarks), typeof(CompressionBenchmarks)], Config(context.Settings.Quick))
            .Single();
        var section = context.Report.AddSection(
            "Dispatcher micro-benchmarks (BenchmarkDotNet)",
            "One message through `JsonRpcDispatcher` with no socket: UTF-8 check, envelope scan, method lookup, params binding, the grain call through the runtime, the answer written into a pooled buffer. The *codec* rows are the codec's own steps for the positional `subtract`, each alone, so what they leave of its time is params binding and the grain call. The *websocket* rows are what permessage-deflate costs a message: a " + $"{CompressionBenchmarks.Length:N0}-byte notification ({CompressionBenchmarks.CompressedLength:N0} bytes compressed) framed as it is, compressed and framed, and inflated. In-process toolchain" + (context.Settings.Quick ? ", dry job." : ", short-run job."),
            "benchmark", "mean", "allocated / call");
        // BenchmarkDotNet orders a joined summary by its own rules; the dispatcher rows read better first.
        foreach (var report in summary.Reports.OrderBy(r => r.BenchmarkCase.Descriptor.Type == typeof(CodecBenchmarks)).ThenBy(r => r.BenchmarkCase.Descriptor.Type == typeof(CompressionBenchmarks)))
        {
            var allocated = report.GcStats.GetBytesAllocatedPerOperation(report.BenchmarkCase);
            var mean = report.ResultStatistics?.Mean;
            section.Add(
                report.BenchmarkCase.Descriptor.WorkloadMethodDisplayInfo,
                mean is null ? "—" : $"{mean.Value:N0} ns",
                allocated is null ? "—" : Format.Bytes(allocated.Value));
            if (report.BenchmarkCase.Descriptor.WorkloadMethod.Name == nameof(DispatcherBenchmarks.Subtract) && allocated is not null)
            {
                context.Report.SetFigure("micro.subtract-bytes", allocated.Value, Format.Bytes(allocated.Value));
            }
        }

        if (summary.HasCriticalValidationErrors || summary.Reports.Any(r => !r.Success))
        {
            context.Errors.Add("BenchmarkDotNet: " + string.Join("; ", summary.ValidationErrors.Select(e => e.Message).DefaultIfEmpty("a benchmark failed")));
        }

        return Task.CompletedTask;
    }

    public static IConfig Config(bool quick)
    {
        var job = (quick ? Job.Dry : Job.ShortRun).WithToolchain(InProcessEmitToolchain.Instance);
        var config = ManualConfig.CreateMinimumViable()
            .AddJob(job)
            .AddDiagnoser(MemoryDiagnoser.Default)
            .AddLogger(ConsoleLogger.Default)
            .WithOptions(ConfigOptions.JoinSummary);

        // A quick run (CI) may come from a Debug build; its numbers mean nothing anyway.
        return quick ? config.WithOptions(ConfigOptions.DisableOptimizationsValidator) : config;
    }
}
