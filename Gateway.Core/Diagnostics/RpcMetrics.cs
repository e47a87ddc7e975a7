using System.Diagnostics;
using System.Diagnostics.Metrics;
using OrleansRpc.Diagnostics;
using OrleansRpc.Gateway.Connections;

using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Gateway.Diagnostics;

/// <summary>
/// The gateway's instruments, on the product's meter (<see cref="OrleansRpcMeter"/>). Calls are counted
/// as they end; what a connection or a policy already counts (connections, queues, refusals, slow
/// consumers) is read when the instruments are collected, so the hot path pays nothing for it.
/// </summary>
internal sealed class RpcMetrics
{
    /// <summary>The method tag of a request whose method is not in the table: its name is the client's, and unbounded.</summary>
    public const string OtherMethod = "_OTHER";

    private static readonly double[] s_durationBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
    private static readonly object s_ok = "ok";
    private static readonly object s_error = "error";

    private readonly Counter<long> _calls;
    private readonly Counter<long> _errors;
    private readonly Histogram<double> _duration;
    private readonly UpDownCounter<long> _active;
    private readonly Counter<long> _retried;

    public RpcMetrics(IMeterFactory meterFactory, NodeConnections connections, GatewayCounters counters, ConnectionBudget budget, WebSocketsPerAddress perAddress, WebSocketUpgradeRate upgradeRate)
    {
        var meter = meterFactory.Create(OrleansRpcMeter.Name);
        _calls = meter.CreateCounter<long>("orleansrpc.calls", "{call}", "JSON-RPC requests answered (or, for notifications, handled), by method and outcome.");
        _errors = meter.CreateCounter<long>("orleansrpc.errors", "{error}", "JSON-RPC error answers, by error code.");
        _duration = meter.CreateHistogram(
            "orleansrpc.call.duration",
            "s",
            "Time from a call's start to its answer, for calls that reached their grain, by method and outcome.",
            tags: null,
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = s_durationBuckets });
        _active = meter.CreateUpDownCounter<long>("orleansrpc.calls.active", "{call}", "Calls started and not yet answered.");
        _retried = meter.CreateCounter<long>("orleansrpc.calls.retried", "{call}", "Grain calls made again because they provably never reached their grain (its node was gone), by method.");
        meter.CreateObservableUpDownCounter("orleansrpc.connections", connections.CountByTransport, "{connection}", "Open connections: WebSockets, and HTTP requests in progress, by transport.");
        meter.CreateObservableUpDownCounter("orleansrpc.outbound.queued", connections.QueuedNotifications, "{notification}", "Notifications waiting for their WebSocket, over all connections.");
        meter.CreateObservableCounter("orleansrpc.outbound.dropped", () => counters.NotificationsDropped, "{notification}", "Notifications dropped by the DropOldest slow-consumer policy.");
        meter.CreateObservableCounter("orleansrpc.slow_consumers.closed", () => counters.SlowConsumersClosed, "{connection}", "Connections closed (1008) by the Close slow-consumer policy.");
        meter.CreateObservableCounter(
            "orleansrpc.connections.refused",
            () => new[]
            {
                new Measurement<long>(budget.Refused, new KeyValuePair<string, object?>("reason", "budget")),
                new Measurement<long>(perAddress.Refused, new KeyValuePair<string, object?>("reason", "per_address")),
                new Measurement<long>(upgradeRate.Refused, new KeyValuePair<string, object?>("reason", "upgrade_rate")),
            },
            "{connection}",
            "Connections refused: closed on accept because the connection budget was spent, or WebSocket upgrades from an address at its limit (503) or past its upgrades per second (429).");
    }

    /// <summary>A call goes to its grain: the timestamp its duration counts from.</summary>
    internal long CallStarted()
    {
        _active.Add(1);
        return Stopwatch.GetTimestamp();
    }

    /// <summary>A grain call that never reached its grain is made again.</summary>
    internal void Retried(string method) => _retried.Add(1, new KeyValuePair<string, object?>("rpc.method", method));

    /// <summary>A call that went to its grain is answered (<paramref name="errorCode"/> null: with a result).</summary>
    internal void CallEnded(string method, long started, int? errorCode)
    {
        _active.Add(-1);
        var outcome = errorCode is null ? s_ok : s_error;
        if (_duration.Enabled)
        {
            _duration.Record(Stopwatch.GetElapsedTime(started).TotalSeconds, new("rpc.method", method), new("outcome", outcome));
        }

        Answered(method, errorCode);
    }

    /// <summary>A request answered without reaching a grain (refused, invalid), or a call's end.</summary>
    internal void Answered(string method, int? errorCode)
    {
        _calls.Add(1, new KeyValuePair<string, object?>("rpc.method", method), new KeyValuePair<string, object?>("outcome", errorCode is null ? s_ok : s_error));
        if (errorCode is { } code)
        {
            Error(code);
        }
    }

    /// <summary>An error answer that belongs to no request (unreadable message, binary frame).</summary>
    internal void Error(int code) => _errors.Add(1, new KeyValuePair<string, object?>("rpc.jsonrpc.error_code", code));
}
