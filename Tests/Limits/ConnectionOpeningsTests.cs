using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.TestGrains;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// With <c>MaxOpeningConnections</c>, a connection waits, unread, while the node is opening as many others
/// (from their first bytes to their first answer), and is then served, not refused; the connections already
/// open are answered meanwhile. A connection that has sent nothing takes no turn, nor does a WebSocket
/// waiting for its client's first message; one that stops after its first bytes gives its turn back after
/// <c>MaxOpeningTime</c>.
/// </summary>
public sealed class ConnectionOpeningsTests
{
    private const string Waits = "they wait for one of";

    // Kestrel's "Connection id ... started." (Debug), logged as it hands a new connection to the connection middleware.
    private const string KestrelConnectionsLogged = "--Logging:LogLevel:Microsoft.AspNetCore.Server.Kestrel.Connections=Debug";

    private static bool IsConnectionStart(LogCaptureEntry entry) =>
        entry.Category == "Microsoft.AspNetCore.Server.Kestrel.Connections" && entry.Message.EndsWith("started.", StringComparison.Ordinal);

    [Fact]
    public async Task ANewConnectionWaitsWhileTheOnlyTurnIsAnotherConnectionsFirstCallAndIsServedAfterItsAnswer()
    {
        var log = new LogCapture();
        await using var server = await StartAsync(log, maxOpeningTime: "00:10:00");
        var barriers = server.Services.GetRequiredService<Barriers>();
        var barrier = "opening-" + Guid.NewGuid().ToString("N");

        await using var open = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        // Its first call holds its answer, and with it the node's only turn.
        await using var opening = new WebSocketRpcClient(server.WebSocketEndpoint);
        await opening.ConnectAsync();
        await opening.SendAsync($$"""{"jsonrpc":"2.0","method":"test.wait","params":["{{barrier}}"],"id":1}""");
        await barriers.WaitAsync(barrier + ":entered");

        await using var next = new WebSocketRpcClient(server.WebSocketEndpoint);
        var connecting = next.ConnectAsync();
        await log.WhenLogged(e => e.Message.Contains(Waits, StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));

        // The open connection is answered while the new one waits; the new one is not refused.
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));
        Assert.False(connecting.IsCompleted);

        // The first answer gives the turn to the next connection.
        barriers.Signal(barrier);
        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"{{barrier}}","id":1}""", await opening.ReceiveAsync());
        await connecting.WaitAsync(TimeSpan.FromSeconds(10));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":3}""", await next.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":3}"""));
    }

    [Fact]
    public async Task AnHttpConnectionGivesItsTurnBackWithItsFirstAnswerAndStaysOpen()
    {
        var log = new LogCapture();
        await using var server = await StartAsync(log, maxOpeningTime: "00:10:00");

        // Kept alive after its answer: only the answer can have given its turn back.
        await using var http = server.Client("http");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        await using var client = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}""").WaitAsync(TimeSpan.FromSeconds(10)));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":3}""", await http.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":3}"""));
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(Waits, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AWebSocketWaitingForItsClientsFirstMessageHoldsNoTurn()
    {
        var log = new LogCapture();
        await using var server = await StartAsync(log, maxOpeningTime: "00:10:00");

        // Upgraded, and silent: its client's round trip to a first message is not spent holding the only turn.
        await using var quiet = new WebSocketRpcClient(server.WebSocketEndpoint);
        await quiet.ConnectAsync();

        await using var client = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}""").WaitAsync(TimeSpan.FromSeconds(10)));

        // Its first message takes a turn again, and is answered.
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await quiet.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}""").WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AWebSocketWhoseFirstMessageIsANotificationGivesItsTurnBackOnceItIsHandled()
    {
        var log = new LogCapture();
        await using var server = await StartAsync(log, maxOpeningTime: "00:10:00");

        // Nothing will ever be answered to it: its turn goes back once the notification has run.
        await using var notifying = new WebSocketRpcClient(server.WebSocketEndpoint);
        await notifying.ConnectAsync();
        await notifying.SendAsync("""{"jsonrpc":"2.0","method":"ping"}""");

        await using var client = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}""").WaitAsync(TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public async Task AConnectionThatHasSentNothingTakesNoTurn()
    {
        var log = new LogCapture();
        await using var server = await StartAsync(log, maxOpeningTime: "00:10:00", KestrelConnectionsLogged);

        // Accepted, and past Kestrel's start of it, before the client below connects.
        using var silent = new TcpClient();
        var started = log.WhenLogged(IsConnectionStart);
        await silent.ConnectAsync(server.WebSocketEndpoint.Host, server.WebSocketEndpoint.Port);
        await started.WaitAsync(TimeSpan.FromSeconds(10));

        await using var client = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}""").WaitAsync(TimeSpan.FromSeconds(10)));

        // Had the silent connection taken the only turn, the client would have waited for it, and said so first.
        Assert.DoesNotContain(log.Entries, e => e.Message.Contains(Waits, StringComparison.Ordinal));
    }

    [Fact]
    public async Task AConnectionThatStopsAfterItsFirstBytesGivesItsTurnBackAfterTheTimeLimit()
    {
        var log = new LogCapture();
        await using var server = await StartAsync(log, maxOpeningTime: "00:00:00.200", KestrelConnectionsLogged);

        // Its first bytes are there when Kestrel starts it, so it takes the turn before the client below can.
        using var stalled = new TcpClient();
        var started = log.WhenLogged(IsConnectionStart);
        await stalled.ConnectAsync(server.WebSocketEndpoint.Host, server.WebSocketEndpoint.Port);
        await stalled.GetStream().WriteAsync(Encoding.ASCII.GetBytes("GET /ws HTTP/1.1\r\n"));
        await started.WaitAsync(TimeSpan.FromSeconds(10));

        // The client waits for the stalled connection's turn, and gets it once its time is up.
        await using var client = new WebSocketRpcClient(server.WebSocketEndpoint);
        var connecting = client.ConnectAsync();
        await log.WhenLogged(e => e.Message.Contains(Waits, StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));
        await connecting.WaitAsync(TimeSpan.FromSeconds(10));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));
    }

    private static Task<GatewayServer> StartAsync(LogCapture log, string maxOpeningTime, params string[] arguments) =>
        GatewayServer.StartAsync(
            services: s => s.AddSingleton<ILoggerProvider>(log),
            arguments: ["--JsonRpc:MaxOpeningConnections=1", $"--JsonRpc:MaxOpeningTime={maxOpeningTime}", .. arguments]);
}
