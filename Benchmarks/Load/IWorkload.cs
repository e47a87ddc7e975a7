namespace OrleansRpc.Benchmarks.Load;

/// <summary>Load on one endpoint: started (connected and running), measured through its counters, then disposed (closed).</summary>
internal interface IWorkload : IAsyncDisposable
{
    string Name { get; }

    LoadCounters Counters { get; }

    Task StartAsync(CancellationToken cancellationToken);
}
