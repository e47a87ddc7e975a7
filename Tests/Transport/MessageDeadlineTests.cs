using System.Buffers.Binary;
using System.Text;
using OrleansRpc.Tests.Infrastructure;
using OrleansRpc.Tests.WebSockets;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// A WebSocket message must arrive whole within JsonRpcOptions.MaxMessageTime of its first frame: a client
/// that starts one and trickles the rest (or nothing) is closed with 1008; others are not touched.
/// </summary>
public sealed class MessageDeadlineTests
{
    [Fact]
    public async Task AMessageThatDoesNotArriveInTimeClosesItsConnectionWith1008()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:MaxMessageTime=00:00:01"]);
        await using var bystander = new WebSocketRpcClient(server.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":1}"""));

        // The first frame of a message, and then nothing more of it.
        await using var trickler = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint);
        await trickler.SendAsync(ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","meth"""u8, fin: false));

        var (fin, opcode, payload) = await trickler.ReceiveFrameAsync();
        Assert.Equal((true, ClientFrame.Close), (fin, opcode));
        Assert.Equal(1008, BinaryPrimitives.ReadUInt16BigEndian(payload));
        Assert.Equal("A message must arrive whole within 1 s.", Encoding.UTF8.GetString(payload.AsSpan(2)));
        await trickler.SendAsync(ClientFrame.CloseWith(1008));
        Assert.True(await trickler.EndsAsync());

        // The bystander, idle all along, and a whole message sent in pieces in time, are fine.
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));
        await using var prompt = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint);
        await prompt.SendAsync([
            .. ClientFrame.Build(ClientFrame.Text, """{"jsonrpc":"2.0","meth"""u8, fin: false),
            .. ClientFrame.Build(ClientFrame.Continuation, "od\":\"ping\",\"id\":3}"u8)]);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":3}""", await prompt.ReceiveTextAsync());
    }
}
