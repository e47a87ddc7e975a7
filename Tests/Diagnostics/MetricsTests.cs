using System.Net;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Diagnostics;

/// <summary>The gateway's instruments (meter "OrleansRpc"), read with a MeterListener after real calls; and the Prometheus endpoint.</summary>
public sealed class MetricsTests : IAsyncLifetime
{
    private GatewayServer _server = null!;
    private MetricRecorder _metrics = null!;

    public async Task InitializeAsync()
    {
        _server = await GatewayServer.StartAsync();
        _metrics = new MetricRecorder(_server.Services);
    }

    public async Task DisposeAsync()
    {
        _metrics.Dispose();
        await _server.DisposeAsync();
    }

    [Fact]
    public async Task CallsAreCountedByMethodAndOutcomeAndErrorsByCode()
    {
        await using var client = _server.Client("ws");
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""");
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":2}""");
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":["x",23],"id":3}""");
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"crash","id":4}""");
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"no.such.method","id":5}""");
        await client.ExchangeAsync("""{"jsonrpc":"2.0","method":1,"id":6}""");

        Assert.Equal(2, _metrics.Sum("orleansrpc.calls", ("rpc.method", "subtract"), ("outcome", "ok")));
        Assert.Equal(1, _metrics.Sum("orleansrpc.calls", ("rpc.method", "subtract"), ("outcome", "error")));
        Assert.Equal(1, _metrics.Sum("orleansrpc.calls", ("rpc.method", "crash"), ("outcome", "error")));
        Assert.Equal(2, _metrics.Sum("orleansrpc.calls", ("rpc.method", "_OTHER"), ("outcome", "error")));
        Assert.Equal(1, _metrics.Sum("orleansrpc.errors", ("rpc.jsonrpc.error_code", -32602)));
        Assert.Equal(1, _metrics.Sum("orleansrpc.errors", ("rpc.jsonrpc.error_code", -32000)));
        Assert.Equal(1, _metrics.Sum("orleansrpc.errors", ("rpc.jsonrpc.error_code", -32601)));
        Assert.Equal(1, _metrics.Sum("orleansrpc.errors", ("rpc.jsonrpc.error_code", -32600)));

        // Only calls that reached their grain have a duration: subtract twice, and crash.
        var durations = _metrics.Values("orleansrpc.call.duration", ("rpc.method", "subtract"), ("outcome", "ok"));
        Assert.Equal(2, durations.Count);
        Assert.All(durations, seconds => Assert.InRange(seconds, 0, 15));
        Assert.Single(_metrics.Values("orleansrpc.call.duration", ("rpc.method", "crash"), ("outcome", "error")));
        Assert.Empty(_metrics.Values("orleansrpc.call.duration", ("outcome", "error"), ("rpc.method", "_OTHER")));
    }

    [Fact]
    public async Task ActiveCallsAndOpenConnectionsAreWhatIsInProgress()
    {
        var barriers = _server.Services.GetRequiredService<OrleansRpc.Tests.TestGrains.Barriers>();
        var barrier = "metrics-" + Guid.NewGuid().ToString("N");
        await using var waiting = _server.Client("ws");
        await using var other = _server.Client("ws");
        await other.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":0}""");
        await ((WebSocketRpcClient)waiting).SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait","params":["{{barrier}}"],"id":1}""");
        await barriers.WaitAsync(barrier + ":entered");

        Assert.Equal(1, _metrics.Sum("orleansrpc.calls.active"));
        Assert.Equal(2, _metrics.Observe("orleansrpc.connections", ("transport", "websocket")));

        barriers.Signal(barrier);
        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"{{barrier}}","id":1}""", await ((WebSocketRpcClient)waiting).ReceiveAsync());
        Assert.Equal(0, _metrics.Sum("orleansrpc.calls.active"));
    }

    [Fact]
    public async Task GroupSendsAndTheirDeliveriesAreCounted()
    {
        var group = "metrics-" + Guid.NewGuid().ToString("N");
        var members = new List<RpcClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var member = _server.Client("ws");
                members.Add(member);
                await member.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}""");
            }

            await using var sender = _server.Client("http");
            await sender.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}","hi"],"id":1}""");

            Assert.Equal(1, _metrics.Sum("orleansrpc.group.sends"));
            Assert.Equal(3, _metrics.Sum("orleansrpc.group.deliveries"));
        }
        finally
        {
            foreach (var member in members)
            {
                await member.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task NoMetricsEndpointUnlessConfigured()
    {
        using var http = new HttpClient();
        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync(new Uri(_server.Address, "/metrics"))).StatusCode);
    }

    [Fact]
    public async Task PrometheusScrapesTheProductsMeterAndOrleanssAtSlashMetrics()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--Metrics:Prometheus=true"]);
        await using (var client = server.Client("http"))
        {
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""");
        }

        using var http = new HttpClient();
        var text = await http.GetStringAsync(new Uri(server.Address, "/metrics"));

        Assert.Contains("orleansrpc_calls_total{", text);
        // At least 1: OpenTelemetry listens to every meter of the name in the process, so the gateways of
        // concurrent tests add their calls to this series.
        Assert.Matches("""orleansrpc_calls_total\{[^}]*rpc_method="subtract"[^}]*\} [1-9]""", text);
        Assert.Contains("orleansrpc_call_duration_seconds_bucket{", text);
        Assert.Contains("\norleans_", text);
    }
}
