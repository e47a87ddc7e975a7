using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// New connections past the node's pace wait for their turn in the kernel's listen backlog, not accepted, and
/// are then served, not refused; the connections already open are answered meanwhile.
/// </summary>
public sealed class ConnectionPacingTests
{
    [Fact]
    public async Task ConnectionsPastThePaceWaitUnacceptedWhileOpenOnesAreAnswered()
    {
        // One a second: the first connection takes the second's only turn.
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log), arguments: ["--JsonRpc:MaxNewConnectionsPerSecond=1"]);
        await using var open = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        // More at once than one second's turn, whenever in its second the pace's clock is.
        var waiting = Enumerable.Range(0, 4).Select(_ => new WebSocketRpcClient(server.WebSocketEndpoint)).ToArray();
        try
        {
            var connecting = waiting.Select(w => w.ConnectAsync()).ToArray();
            await log.WhenLogged(e => e.Message.Contains("wait for their turn in the listen backlog", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));

            // The open connection's call is answered while the new ones wait.
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));

            // The one waiting for its turn was accepted; the others behind it were not: the kernel holds them
            // (at most one has had its turn since the line, a second's pace).
            Assert.InRange(ListenQueue.Read(server.Address.Port).Waiting, 2, 3);

            // Their turns come: each is served, none refused.
            await Task.WhenAll(connecting).WaitAsync(TimeSpan.FromSeconds(20));
            foreach (var client in waiting)
            {
                JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":3}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":3}"""));
            }

            Assert.Equal(0, ListenQueue.Read(server.Address.Port).Waiting);
        }
        finally
        {
            foreach (var client in waiting)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public async Task AConnectionItsAddressBudgetRefusesTakesNoTurn()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:MaxNewConnectionsPerSecond=1", "--JsonRpc:MaxConnectionsPerAddress=1"]);
        await using var open = server.Client("ws");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await open.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        // The address holds its one connection: the next is refused at once, without waiting for the next second's turn.
        await using var refused = new WebSocketRpcClient(server.WebSocketEndpoint);
        await Assert.ThrowsAnyAsync<Exception>(() => refused.ConnectAsync());
        Assert.Equal(0, server.Services.GetRequiredService<ConnectionPacing>().Waited);
    }

    [Fact]
    public async Task PacingRefusesToStartBehindATransportRegisteredAfterIt()
    {
        // Kestrel binds with the last transport registered: this one would take the connections unpaced.
        var failure = await Assert.ThrowsAsync<InvalidOperationException>(() => GatewayServer.StartAsync(
            services: s => s.AddSingleton<IConnectionListenerFactory>(sp => ActivatorUtilities.CreateInstance<SocketTransportFactory>(sp)),
            arguments: ["--JsonRpc:MaxNewConnectionsPerSecond=100"]));
        Assert.Contains("MaxNewConnectionsPerSecond", failure.Message, StringComparison.Ordinal);
    }
}
