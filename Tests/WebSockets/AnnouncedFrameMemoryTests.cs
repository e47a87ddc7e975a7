using System.Text.Json.Nodes;
using OrleansRpc.Testing;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// Memory is committed as bytes arrive, not as frame headers announce them: a thousand sockets that each
/// announce a 1 MiB message and send five bytes of it cost the gateway (a process of its own, measured
/// after full collections) a few MiB per hundred, and it answers a bystander at once.
/// </summary>
[Collection(WholeMachine.Name)]
public sealed class AnnouncedFrameMemoryTests
{
    private const int Connections = 1000;
    // Measured here: 1.3 MiB of heap and 2.1 MiB committed per hundred; reserving each announced payload was 100 MiB.
    private const long AllowedPerHundred = 4 * 1024 * 1024;

    [Fact]
    public async Task AThousandSocketsAnnouncingAMebibyteEachCostAFewMebibytesPerHundred()
    {
        await using var gateway = HostProcess.Start("Tests.Host", "OrleansRpc.Tests.Host.dll", RpcTestServer.LoopbackArguments);
        var address = new Uri((await gateway.WaitForLineAsync("listening ")).Split(' ')[1]);
        var endpoint = new Uri($"ws://{address.Authority}/ws");
        await using var probe = new WebSocketRpcClient(endpoint);
        var before = await MemoryAsync(probe);

        var sockets = new List<RawWebSocketClient>(Connections);
        try
        {
            for (var batch = 0; batch < Connections; batch += 50)
            {
                sockets.AddRange(await Task.WhenAll(Enumerable.Range(0, 50).Select(async _ =>
                {
                    var socket = await RawWebSocketClient.ConnectAsync(endpoint);
                    await socket.SendAsync([.. ClientFrame.HeadOnly(ClientFrame.Text, 1024 * 1024), .. "{\"js"u8]);
                    return socket;
                })));
            }

            // The bystander is answered at once; and once it is, every socket's five bytes were read before it
            // (each socket's were sent before the bystander's call).
            using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            await using (var bystander = new WebSocketRpcClient(endpoint))
            {
                JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}""").WaitAsync(quick.Token));
            }

            var after = await MemoryAsync(probe);
            var allowed = AllowedPerHundred * Connections / 100;
            var growth = $"for {Connections} sockets the managed heap grew by {(after.Heap - before.Heap) / 1024 / 1024} MiB and committed memory by {(after.Committed - before.Committed) / 1024 / 1024} MiB; each may grow by {allowed / 1024 / 1024} MiB.";
            Assert.True(after.Heap - before.Heap < allowed && after.Committed - before.Committed < allowed, growth);
        }
        finally
        {
            foreach (var socket in sockets)
            {
                await socket.DisposeAsync();
            }
        }
    }

    private static async Task<(long Heap, long Committed)> MemoryAsync(WebSocketRpcClient probe)
    {
        var memory = JsonNode.Parse((await probe.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.memory","id":9}"""))!)!["result"]!;
        return ((long)memory["heap"]!, (long)memory["committed"]!);
    }
}
