using System.Diagnostics.Metrics;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>
/// Counts the gateway's own <c>orleansrpc.calls.retried</c> (grain calls made again because they never
/// reached their grain) from its meter, so that a run can say how many refusals a node's death cost.
/// </summary>
internal sealed class RetriedCallCounter : IDisposable
{
    private readonly MeterListener _listener = new();
    private long _retried;

    public RetriedCallCounter()
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Name == "orleansrpc.calls.retried")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, _, _) => Interlocked.Add(ref _retried, value));
        _listener.Start();
    }

    public long Retried => Interlocked.Read(ref _retried);

    public void Dispose() => _listener.Dispose();
}
