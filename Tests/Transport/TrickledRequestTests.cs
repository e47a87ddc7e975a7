using System.Net.Sockets;
using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// A POST whose body trickles in is cut by Kestrel's minimum request body data rate (on by default: 240
/// bytes a second after a 5 s grace), which applies because /rpc reads the body through Kestrel's own
/// reader; a bystander is served meanwhile.
/// </summary>
public sealed class TrickledRequestTests
{
    [Fact]
    public async Task ABodyTrickledBelowTheMinimumRateIsCutAndOthersAreServed()
    {
        await using var server = await GatewayServer.StartAsync();
        using var tcp = new TcpClient();
        await tcp.ConnectAsync(server.Address.Host, server.Address.Port);
        var stream = tcp.GetStream();
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"POST /rpc HTTP/1.1\r\nHost: {server.Address.Authority}\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n"));

        // A byte every 200 ms, 5 bytes a second, until the server ends the connection.
        using var stop = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var trickling = Task.Run(async () =>
        {
            try
            {
                while (!stop.IsCancellationRequested)
                {
                    await stream.WriteAsync("{"u8.ToArray(), stop.Token);
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
        var text = Encoding.ASCII.GetString(response.ToArray());
        Assert.StartsWith("HTTP/1.1 408 Request Timeout", text);
    }
}
