using System.Diagnostics.Metrics;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// Kestrel's own <c>kestrel.active_connections</c> going down for one server's port, as a user's metrics
/// would see it: Kestrel records the decrement after the connection's middleware, the gateway's connection
/// budget included, has finished with it, so the budget has counted the close by then.
/// </summary>
public sealed class KestrelConnectionCloses : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly int _port;
    private TaskCompletionSource _next = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public KestrelConnectionCloses(int port)
    {
        _port = port;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == "Microsoft.AspNetCore.Server.Kestrel" && instrument.Name == "kestrel.active_connections")
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((_, value, tags, _) =>
        {
            if (value < 0 && IsMine(tags))
            {
                Interlocked.Exchange(ref _next, new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult();
            }
        });
        _listener.Start();
    }

    /// <summary>Completes at the next close on the port. Take it before reading what the close changes, so none is missed.</summary>
    public Task NextAsync() => Volatile.Read(ref _next).Task;

    private bool IsMine(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == "server.port" && Convert.ToInt32(tag.Value, System.Globalization.CultureInfo.InvariantCulture) == _port)
            {
                return true;
            }
        }

        return false;
    }

    public void Dispose() => _listener.Dispose();
}
