using System.Collections.Concurrent;
using System.Diagnostics;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Diagnostics;

/// <summary>
/// An Activity per JSON-RPC call, captured with an ActivityListener: tagged as OpenTelemetry's RPC
/// conventions say, a child of the HTTP request or of the WebSocket's upgrade request, and the parent of
/// Orleans's own activity for the grain call (Tracing:Enabled turns on Orleans's propagation). The
/// listener is the process's, so each test finds its activities by their ids, not by counting.
/// </summary>
public sealed class TracingTests : IAsyncLifetime
{
    private readonly ConcurrentDictionary<ActivitySpanId, Activity> _started = new();
    private readonly ConcurrentQueue<(Func<Activity, bool> Match, TaskCompletionSource<Activity> Stopped)> _waiting = new();
    private readonly ConcurrentQueue<Activity> _stopped = new();
    private ActivityListener _listener = null!;
    private GatewayServer _server = null!;

    public async Task InitializeAsync()
    {
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name is "OrleansRpc" or "Microsoft.AspNetCore" || source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal),
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = activity => _started[activity.SpanId] = activity,
            ActivityStopped = activity =>
            {
                _stopped.Enqueue(activity);
                foreach (var (match, stopped) in _waiting)
                {
                    if (match(activity))
                    {
                        stopped.TrySetResult(activity);
                    }
                }
            },
        };
        ActivitySource.AddActivityListener(_listener);
        _server = await GatewayServer.StartAsync(arguments: ["--Tracing:Enabled=true"]);
    }

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _listener.Dispose();
    }

    [Fact]
    public async Task AnHttpCallIsAChildOfItsRequestAndTheParentOfOrleanssGrainCall()
    {
        var id = "trace-" + Guid.NewGuid().ToString("N");
        var call = WhenStopped(a => a.Source.Name == "OrleansRpc" && Equals(a.GetTagItem("rpc.jsonrpc.request_id"), id));
        await using (var client = _server.Client("http"))
        {
            await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":"{{id}}"}""");
        }

        var activity = await call;
        Assert.Equal("subtract", activity.OperationName);
        Assert.Equal(ActivityKind.Server, activity.Kind);
        Assert.Equal("jsonrpc", activity.GetTagItem("rpc.system"));
        Assert.Equal("subtract", activity.GetTagItem("rpc.method"));
        Assert.Equal("2.0", activity.GetTagItem("rpc.jsonrpc.version"));
        Assert.Equal("http", activity.GetTagItem("orleansrpc.transport"));
        Assert.Equal("ok", activity.GetTagItem("orleansrpc.outcome"));
        Assert.Equal(ActivityStatusCode.Unset, activity.Status);

        var request = await WhenStopped(a => a.SpanId == activity.ParentSpanId);
        Assert.Equal("Microsoft.AspNetCore", request.Source.Name);

        // Orleans files a grain call under Microsoft.Orleans.Application, or .Runtime when the interface's
        // namespace begins with "Orleans", as the demo's (OrleansRpc.Demo) does.
        var grainCall = await WhenStopped(a => a.Source.Name.StartsWith("Microsoft.Orleans", StringComparison.Ordinal) && a.ParentSpanId == activity.SpanId);
        Assert.Equal("ICalculatorGrain/Subtract", grainCall.OperationName);
        Assert.Equal(activity.TraceId, grainCall.TraceId);
    }

    [Fact]
    public async Task AWebSocketCallIsAChildOfTheUpgradeRequestAndCarriesItsError()
    {
        // An id no other test in the process uses: the listener hears every gateway's calls.
        var id = "trace-" + Guid.NewGuid().ToString("N");
        var call = WhenStopped(a => a.Source.Name == "OrleansRpc" && Equals(a.GetTagItem("rpc.jsonrpc.request_id"), id));
        await using var client = _server.Client("ws");
        await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"crash","id":"{{id}}"}""");

        var activity = await call;
        Assert.Equal("crash", activity.OperationName);
        Assert.Equal("websocket", activity.GetTagItem("orleansrpc.transport"));
        Assert.Equal("error", activity.GetTagItem("orleansrpc.outcome"));
        Assert.Equal(-32000, activity.GetTagItem("rpc.jsonrpc.error_code"));
        Assert.Equal(ActivityStatusCode.Error, activity.Status);

        // The upgrade request lasts as long as the socket: it has started, and has not stopped.
        Assert.True(_started.TryGetValue(activity.ParentSpanId, out var upgrade));
        Assert.Equal("Microsoft.AspNetCore", upgrade.Source.Name);
        Assert.DoesNotContain(upgrade, _stopped);
    }

    private Task<Activity> WhenStopped(Func<Activity, bool> match)
    {
        var stopped = new TaskCompletionSource<Activity>(TaskCreationOptions.RunContinuationsAsynchronously);
        _waiting.Enqueue((match, stopped));
        if (_stopped.FirstOrDefault(match) is { } already)
        {
            stopped.TrySetResult(already);
        }

        return stopped.Task.WaitAsync(TimeSpan.FromSeconds(15));
    }
}
