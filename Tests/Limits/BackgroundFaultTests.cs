using System.Diagnostics;
using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Diagnostics;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains;
using OrleansRpc.Tests.TestGrains.Gateway;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// What fails where nobody awaits it (a call's completion, on the thread pool) ends that call's connection
/// only, at once: it is logged once, the connection's grains go, everyone else is answered, and nothing
/// reaches the process. The failure is one a host can cause: a tracing listener that throws when a call's
/// activity stops, here for one request id only, so that other tests' calls are untouched.
/// </summary>
public sealed class BackgroundFaultTests
{
    private static readonly TimeSpan s_bystanderPatience = TimeSpan.FromSeconds(2);

    // Well inside the 30 s a connection otherwise gives its calls in flight before it closes.
    private static readonly TimeSpan s_closePatience = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("ws", false)]
    [InlineData("ws", true)]
    [InlineData("http", false)]
    [InlineData("http", true)]
    public async Task AFailureWhereNobodyAwaitsItCutsOnlyItsConnectionAndAtOnce(string transport, bool batch)
    {
        var poison = "poison-" + Guid.NewGuid().ToString("N");
        var poisoned = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        using var listener = ThrowingListenerFor(poison, poisoned);
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        var barriers = server.Services.GetRequiredService<Barriers>();
        await using var bystander = server.Client("ws");
        await using var victim = server.Client(transport);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        // The grain waits on a barrier, so the call completes later, on the thread pool, as most do.
        var call = $$"""{"jsonrpc":"2.0","method":"test.wait","params":["{{poison}}"],"id":"{{poison}}"}""";
        var request = batch ? $$"""[{{call}},{"jsonrpc":"2.0","method":"ping","id":2}]""" : call;
        var posted = victim is HttpRpcClient http ? http.PostAsync(request) : null;
        var exchanged = posted is null ? victim.ExchangeAsync(request) : null;
        await barriers.WaitAsync(poison + ":entered");
        barriers.Signal(poison);

        if (posted is not null)
        {
            // A request's failure is its own: it is answered 500 (ASP.NET Core logs it).
            using var failed = await posted;
            Assert.Equal(HttpStatusCode.InternalServerError, failed.StatusCode);
        }
        else
        {
            var cut = await Record.ExceptionAsync(() => exchanged!);
            Assert.True(cut is WebSocketException or IOException, $"the connection was not cut: {cut?.ToString() ?? "answered"}");
        }

        // The connection is closed at once, not after the time it would give calls that are still running:
        // its grain (the test.wait grain is the connection's own) goes.
        var connection = await poisoned.Task.WaitAsync(s_closePatience);
        await server.Activations.WhenDeactivated<IProbeGrain>(connection).WaitAsync(s_closePatience);

        // Everyone else is answered, on a connection open all along and on a new one.
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}""").WaitAsync(s_bystanderPatience));
        await using var newcomer = server.Client(transport);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":3}""", await newcomer.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":3}""").WaitAsync(s_bystanderPatience));

        // Logged once: by the connection (WebSocket) or by ASP.NET Core for the request (HTTP).
        var errors = log.Entries.Where(e => e.Level >= LogLevel.Error).ToArray();
        Assert.True(errors.Length == 1, $"{errors.Length} errors logged: {string.Join(" | ", errors.Select(e => e.Message))}");
    }

    private static ActivityListener ThrowingListenerFor(string requestId, TaskCompletionSource<string> poisoned)
    {
        var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == OrleansRpcMeter.Name,
            Sample = static (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllData,
            ActivityStopped = activity =>
            {
                if (activity.GetTagItem("rpc.jsonrpc.request_id") as string == requestId)
                {
                    poisoned.TrySetResult((string)activity.GetTagItem("orleansrpc.connection_id")!);
                    throw new InvalidOperationException("The tracing exporter failed.");
                }
            },
        };
        ActivitySource.AddActivityListener(listener);
        return listener;
    }
}
