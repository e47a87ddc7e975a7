using System.Net.Sockets;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// One address holds at most <c>MaxConnectionsPerAddress</c> TCP connections, idle plain-HTTP sockets
/// included: past it a connection is closed on accept, while another address still gets in.
/// </summary>
public sealed class ConnectionsPerAddressTests
{
    private const string Subtract = """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""";

    [Fact]
    public async Task IdleSocketsOfOneAddressCannotTakeTheConnectionBudget()
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<Microsoft.Extensions.Logging.ILoggerProvider>(log), arguments: ["--JsonRpc:MaxConnectionsPerAddress=3"]);
        var budget = server.Services.GetRequiredService<ConnectionBudget>();
        using var closes = new KestrelConnectionCloses(server.Address.Port);
        var idle = new List<TcpClient>();
        try
        {
            for (var i = 0; i < 3; i++)
            {
                idle.Add(await AdmittedAsync(server));
            }

            // The fourth is closed as soon as it is accepted: it reads the end of the stream, or a reset,
            // which may come before its connect has even returned.
            Assert.True(await RefusedAsync(server), "The fourth connection of the address stayed open.");

            Assert.Equal(1, budget.RefusedForAddress);

            // An operator is told (once every 10 s at most): the first refusal is logged.
            await log.WhenLogged(e => e.Message.StartsWith("Refusing connections from", StringComparison.Ordinal)).WaitAsync(TimeSpan.FromSeconds(10));

            // Once one of the three goes, the address may connect again.
            idle[0].Dispose();
            while (true)
            {
                var closed = closes.NextAsync();
                if (budget.Open < 3)
                {
                    break;
                }

                await closed.WaitAsync(TimeSpan.FromSeconds(10));
            }

            await using (var again = new HttpRpcClient(server.HttpEndpoint))
            {
                JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await again.ExchangeAsync(Subtract));
            }

            // Another address is counted apart.
            using var other = OtherLoopbackAddress.Invoker();
            using var request = new HttpRequestMessage(HttpMethod.Post, server.HttpEndpoint) { Content = new StringContent(Subtract, System.Text.Encoding.UTF8, "application/json") };
            using var answer = await other.SendAsync(request, CancellationToken.None);
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await answer.Content.ReadAsStringAsync());
        }
        finally
        {
            idle.ForEach(s => s.Dispose());
        }
    }

    private static async Task<TcpClient> ConnectAsync(GatewayServer server)
    {
        var tcp = new TcpClient();
        await tcp.ConnectAsync(server.HttpEndpoint.Host, server.HttpEndpoint.Port);
        return tcp;
    }

    /// <summary>
    /// A connection the server has admitted, then left idle: one request answered on it (so it is past the
    /// budget, which a bare connect does not prove: the accepts of two connects may pass it in either
    /// order), and kept open by HTTP/1.1's keep-alive.
    /// </summary>
    private static async Task<TcpClient> AdmittedAsync(GatewayServer server)
    {
        var tcp = await ConnectAsync(server);
        var stream = tcp.GetStream();
        await stream.WriteAsync("GET /healthz HTTP/1.1\r\nHost: localhost\r\n\r\n"u8.ToArray());
        var buffer = new byte[4096];
        var read = await stream.ReadAsync(buffer).AsTask().WaitAsync(TimeSpan.FromSeconds(10));
        Assert.StartsWith("HTTP/1.1 200", System.Text.Encoding.ASCII.GetString(buffer, 0, read), StringComparison.Ordinal);
        return tcp;
    }

    private static async Task<bool> RefusedAsync(GatewayServer server)
    {
        TcpClient connected;
        try
        {
            connected = await ConnectAsync(server);
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionReset)
        {
            return true;
        }

        using (connected)
        {
            return await EndsAsync(connected);
        }
    }

    private static async Task<bool> EndsAsync(TcpClient tcp)
    {
        try
        {
            return await tcp.GetStream().ReadAsync(new byte[1]).AsTask().WaitAsync(TimeSpan.FromSeconds(10)) == 0;
        }
        catch (IOException)
        {
            return true;
        }
    }
}
