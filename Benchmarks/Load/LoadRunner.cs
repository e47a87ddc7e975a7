namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// Starts a workload, warms it up, measures one window, and stops it. The first run of each workload
/// warms up until three consecutive windows agree within 3% or the warm-up limit passes; later runs
/// (the JIT is warm by then) take one window to settle their fresh connections. A forced full collection
/// comes just before the measured window, and a quarter of a warm-up window to recover from it.
/// </summary>
internal sealed class LoadRunner(IMeasuredServer server, BenchmarkSettings settings, TextWriter log)
{
    private readonly HashSet<string> _warmed = [];

    public BenchmarkSettings Settings => settings;

    public TextWriter Log => log;

    public async Task<Measurement> RunAsync(IWorkload load, CancellationToken cancellationToken)
    {
        await using (load)
        {
            await load.StartAsync(cancellationToken);
            await WarmUpAsync(load, first: _warmed.Add(load.Name), cancellationToken);

            // Every variant, baselines too, is measured from a collected heap. Otherwise it pays for what
            // the one before left: that run's connections lived long enough to reach gen2 and die there, so
            // the gen2 that the churn between runs brings due lands on whichever variant runs next.
            await server.SnapshotAsync(collect: true);

            // The forced collection stops the server for a moment; calls and publishes due meanwhile would
            // otherwise complete inside the window and put that pause into its percentiles (most of all
            // in an open loop, which counts from when they were due), so the load settles first.
            await Task.Delay(settings.WarmUpWindow / 4, cancellationToken);
            var measurement = await MeasureAsync(load, settings.Duration, cancellationToken);
            log.WriteLine(
                $"  {measurement.Name,-52} {measurement.PerServerCpuSecond,12:N0}/server-CPU-s {measurement.PerSecond,10:N0}/s  p99 {measurement.P99.TotalMilliseconds,7:0.00} ms  server {measurement.ServerCores:0.00} cores, client {measurement.ClientCores:0.00}{(measurement.Errors > 0 ? $"  ERRORS {measurement.Errors}: {measurement.FirstError}" : string.Empty)}");
            return measurement;
        }
    }

    public async Task<Measurement> MeasureAsync(IWorkload load, TimeSpan duration, CancellationToken cancellationToken)
    {
        var before = await server.SnapshotAsync();
        var operations = load.Counters.Operations;
        var errors = load.Counters.Errors;
        var latencies = load.Counters.Latency.Snapshot();
        var serverCpu = server.CpuTime();
        var clientCpu = ProcessCpu.ReadSelf();
        var started = TimeProvider.System.GetTimestamp();

        await Task.Delay(duration, cancellationToken);

        var wall = TimeProvider.System.GetElapsedTime(started);
        var serverCpuAfter = server.CpuTime();
        var clientCpuAfter = ProcessCpu.ReadSelf();
        var operationsAfter = load.Counters.Operations;
        var errorsAfter = load.Counters.Errors;
        var latenciesAfter = load.Counters.Latency.Snapshot();
        var after = await server.SnapshotAsync();
        return new Measurement(
            load.Name,
            wall,
            serverCpuAfter - serverCpu,
            clientCpuAfter - clientCpu,
            operationsAfter - operations,
            errorsAfter - errors,
            load.Counters.FirstError,
            LatencyHistogram.Percentile(latencies, latenciesAfter, 50),
            LatencyHistogram.Percentile(latencies, latenciesAfter, 99),
            LatencyHistogram.Percentile(latencies, latenciesAfter, 99.9),
            after.AllocatedBytes - before.AllocatedBytes,
            after.Gen0Collections - before.Gen0Collections,
            after.Gen1Collections - before.Gen1Collections,
            after.Gen2Collections - before.Gen2Collections,
            after.Gen2ByReason
                .Select(pair => (pair.Key, Count: pair.Value - before.Gen2ByReason.GetValueOrDefault(pair.Key)))
                .Where(pair => pair.Count > 0)
                .ToDictionary(pair => pair.Key, pair => pair.Count));
    }

    private async Task WarmUpAsync(IWorkload load, bool first, CancellationToken cancellationToken)
    {
        var window = settings.WarmUpWindow;
        if (!first)
        {
            await Task.Delay(window, cancellationToken);
            return;
        }

        var rates = new List<double>();
        var started = TimeProvider.System.GetTimestamp();
        while (TimeProvider.System.GetElapsedTime(started) < settings.WarmUpLimit)
        {
            var operations = load.Counters.Operations;
            await Task.Delay(window, cancellationToken);
            rates.Add(load.Counters.Operations - operations);
            if (rates.Count >= 3)
            {
                var last = rates[^3..];
                if (last.Min() > 0 && last.Max() / last.Min() <= 1.03)
                {
                    return;
                }
            }
        }

        log.WriteLine($"  ({load.Name}: still changing by more than 3% between windows after {settings.WarmUpLimit.TotalSeconds:0} s of warm-up)");
    }
}
