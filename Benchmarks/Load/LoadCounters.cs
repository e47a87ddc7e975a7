namespace OrleansRpc.Benchmarks.Load;

/// <summary>What a workload did: operations completed, their latencies, and anything that went wrong.</summary>
internal sealed class LoadCounters
{
    private long _operations;
    private long _errors;

    public LatencyHistogram Latency { get; } = new();

    public long Operations => Interlocked.Read(ref _operations);

    public long Errors => Interlocked.Read(ref _errors);

    /// <summary>The first error seen, for the report.</summary>
    public string? FirstError { get; private set; }

    /// <summary>
    /// Runs one loop of a workload until it is stopped. Stopping aborts the sockets under the loop, so
    /// whatever it throws then is the normal way out; anything thrown before counts as an error.
    /// </summary>
    public async Task RunAsync(Func<CancellationToken, Task> loop, CancellationToken stop)
    {
        try
        {
            await loop(stop);
        }
        catch (Exception ex) when (!stop.IsCancellationRequested)
        {
            Failed(ex);
        }
        catch (Exception) when (stop.IsCancellationRequested)
        {
        }
    }

    public void Completed(long count = 1) => Interlocked.Add(ref _operations, count);

    public void Failed(Exception error)
    {
        if (Interlocked.Increment(ref _errors) == 1)
        {
            FirstError = $"{error.GetType().Name}: {error.Message}";
        }
    }
}
