using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Diagnostics;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// Listens to the product's instruments of one host (the meters its own <see cref="IMeterFactory"/> made, so
/// that other gateways in the test process do not count) and keeps every measurement.
/// </summary>
public sealed class MetricRecorder : IDisposable
{
    private readonly MeterListener _listener = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, KeyValuePair<string, object?>[] Tags)> _measurements = new();

    public MetricRecorder(IServiceProvider services)
    {
        var factory = services.GetRequiredService<IMeterFactory>();
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == OrleansRpcMeter.Name && ReferenceEquals(instrument.Meter.Scope, factory))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue((instrument.Name, value, tags.ToArray())));
        _listener.Start();
    }

    /// <summary>The values recorded on the instrument with at least these tags, in order.</summary>
    public IReadOnlyList<double> Values(string instrument, params (string Key, object Value)[] tags) =>
        [.. _measurements.Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value)))).Select(m => m.Value)];

    public double Sum(string instrument, params (string Key, object Value)[] tags) => Values(instrument, tags).Sum();

    /// <summary>What an observable instrument reports now, with at least these tags.</summary>
    public double Observe(string instrument, params (string Key, object Value)[] tags)
    {
        var before = _measurements.Count;
        _listener.RecordObservableInstruments();
        var observed = _measurements.Skip(before).Where(m => m.Instrument == instrument && tags.All(t => m.Tags.Any(tag => tag.Key == t.Key && Equals(tag.Value, t.Value)))).ToList();
        Assert.NotEmpty(observed);
        return observed.Sum(m => m.Value);
    }

    public void Dispose() => _listener.Dispose();
}
