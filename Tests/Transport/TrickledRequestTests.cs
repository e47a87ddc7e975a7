using System.Net.Sockets;
using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// Requests that trickle in are cut by Kestrel's own limits, on by default, while a bystander is served:
/// a body below the minimum request body data rate (240 bytes a second after a 5 s grace, which applies
/// because /rpc reads the body through Kestrel's own reader), and headers that do not arrive whole within
/// the request headers timeout (30 s by default; `Kestrel:Limits:RequestHeadersTimeout`, 2 s here).
/// </summary>
public sealed class TrickledRequestTests
{
    [Fact]
    public async Task ABodyTrickledBelowTheMinimumRateIsCutAndOthersAreServed()
    {
        await using var server = await GatewayServer.StartAsync();

        var answer = await TrickleAsync(
            server,
            $"POST /rpc HTTP/1.1\r\nHost: {server.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n",
            "{"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 408 Request Timeout", answer);
    }

    [Fact]
    public async Task HeadersTrickledPastTheirTimeoutAreCutAndOthersAreServed()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--Kestrel:Limits:RequestHeadersTimeout=00:00:02"]);

        var answer = await TrickleAsync(server, $"POST /rpc HTTP/1.1\r\nHost: {server.Address.Authority}\r\nX-Slow: ", "a"u8.ToArray());

        Assert.StartsWith("HTTP/1.1 408 Request Timeout", answer);
    }

    /// <summary>Sends the start of a request, then a piece every 200 ms until the server ends the connection; returns what it answered.</summary>
    private static async Task<string> TrickleAsync(GatewayServer server, string start, byte[] piece)
    {
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes(start));

        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var trickling = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await stream.WriteAsync(piece, stop.Token);
                    await Task.Delay(200, stop.Token);
                }
            }
            catch (Exception ex) when (ex is IOException or OperationCanceledException)
            {
            }
        });

        await using (var bystander = server.Client("http"))
        {
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        }

        var response = new MemoryStream();
        var buffer = new byte[1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, stop.Token)) > 0)
            {
                response.Write(buffer, 0, read);
            }
        }
        catch (IOException)
        {
            // Reset rather than closed: cut all the same.
        }
        catch (OperationCanceledException)
        {
            Assert.Fail("The trickled request was still open after 30 s.");
        }

        await stop.CancelAsync();
        await trickling;
        return Encoding.ASCII.GetString(response.ToArray());
    }
}
