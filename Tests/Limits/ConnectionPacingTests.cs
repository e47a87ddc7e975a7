using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// New connections past the node's pace wait for their turn, unread, and are then served, not refused; the
/// connections already open are answered meanwhile.
/// </summary>
public sealed class ConnectionPacingTests
{
    [Fact]
    public async Task AConnectionPastThePaceWaitsItsTurnWhileOpenOnesAreAnswered()
    {
        // One a second: the first connection takes the second's only turn.
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log), arguments: ["--JsonRpc:MaxNewConnectionsPerSecond=1"]);
        await using var open = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        // More at once than one second's turn, whenever in its second the pace's clock is.
        var waiting = Enumerable.Range(0, 3).Select(_ => new WebSocketRpcClient(server.WebSocketEndpoint)).ToArray();
        try
        {
            var connecting = waiting.Select(w => w.ConnectAsync()).ToArray();
            await log.WhenLogged(e => e.Message.Contains("they wait for their turn", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));

            // The open connection's call is answered while the new ones wait.
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));

            // Their turns come: each is served, none refused.
            await Task.WhenAll(connecting).WaitAsync(TimeSpan.FromSeconds(15));
            foreach (var client in waiting)
            {
                JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":3}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":3}"""));
            }
        }
        finally
        {
            foreach (var client in waiting)
            {
                await client.DisposeAsync();
            }
        }
    }
}
