using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// The gateway holds at most MaxConnections client connections (by default the file limit less a
/// reserve): past it new connections are closed on accept, and the ones already open are untouched.
/// </summary>
public sealed class ConnectionBudgetTests
{
    private const string Subtract = """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""";
    private const string Answer = """{"jsonrpc":"2.0","result":19,"id":1}""";

    [Fact]
    public async Task ConnectionsPastTheBudgetAreRefusedAndTheOthersCarryOn()
    {
        await using var server = await GatewayServer.StartAsync(o => o.MaxConnections = 3);
        var budget = server.Services.GetRequiredService<ConnectionBudget>();
        using var closes = new KestrelConnectionCloses(server.Address.Port);
        var clients = new List<WebSocketRpcClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                var client = new WebSocketRpcClient(server.WebSocketEndpoint);
                clients.Add(client);
                Assert.Equal(Answer, await client.ExchangeAsync(Subtract));
            }

            using (var refused = new ClientWebSocket())
            {
                await Assert.ThrowsAsync<WebSocketException>(() => refused.ConnectAsync(server.WebSocketEndpoint, CancellationToken.None));
            }

            using (var http = new HttpClient())
            {
                // The connection is closed on accept: HttpClient usually reports it wrapped, sometimes as the socket's own error.
                var failure = await Record.ExceptionAsync(() => http.PostAsync(server.HttpEndpoint, new StringContent(Subtract, null, "application/json")));
                Assert.True(failure is HttpRequestException or System.Net.Sockets.SocketException or IOException, $"The request should fail on a closed connection; got {failure?.GetType().Name ?? "an answer"}.");
            }

            Assert.Equal(2, budget.Refused);
            foreach (var client in clients)
            {
                Assert.Equal(Answer, await client.ExchangeAsync(Subtract));
            }

            await clients[0].DisposeAsync();
            clients.RemoveAt(0);
            while (true)
            {
                var closed = closes.NextAsync();
                if (budget.Open < 3)
                {
                    break;
                }

                await closed.WaitAsync(TimeSpan.FromSeconds(10));
            }

            var next = new WebSocketRpcClient(server.WebSocketEndpoint);
            clients.Add(next);
            Assert.Equal(Answer, await next.ExchangeAsync(Subtract));
        }
        finally
        {
            foreach (var client in clients)
            {
                await client.DisposeAsync();
            }
        }
    }

    [Fact]
    public void ByDefaultTheBudgetIsTheFileLimitLessTheReserve()
    {
        var (limit, _) = ProcessFileLimits.Read();
        using var app = Gateway.GatewayApplication.Build([]);
        var budget = app.Services.GetRequiredService<ConnectionBudget>();
        Assert.Equal((long)limit - 512, budget.Capacity);
    }
}
