using System.Net.WebSockets;
using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// permessage-deflate (RFC 7692) on the wire, seen byte for byte by a client on a real socket: what is
/// agreed, which frames come compressed, and what a client that misuses it gets.
/// </summary>
public sealed class PerMessageDeflateTests(CompressingGatewayFixture fixture) : IClassFixture<CompressingGatewayFixture>
{
    /// <summary>What Chromium offers.</summary>
    private const string BrowserOffer = "permessage-deflate; client_max_window_bits";

    private const byte Rsv1 = 0x4;

    [Fact]
    public async Task CompressedCallsAreAnsweredCompressed()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, BrowserOffer);
        Assert.Equal("permessage-deflate; server_no_context_takeover", client.Extensions);
        using var deflate = new ClientDeflate();

        // The second and third refer back to the first (context takeover); the third comes in two frames,
        // RSV1 on the first alone.
        for (var id = 1; id <= 3; id++)
        {
            var compressed = deflate.Compress(Echo(id, Text(2000)));
            await client.SendAsync(id < 3
                ? ClientFrame.Build(ClientFrame.Text, compressed, reserved: Rsv1)
                : [.. ClientFrame.Build(ClientFrame.Text, compressed.AsSpan(0, 3), fin: false, reserved: Rsv1), .. ClientFrame.Build(ClientFrame.Continuation, compressed.AsSpan(3))]);

            // Each answer inflates on its own, as server_no_context_takeover promised.
            var (reserved, text) = await ReceiveMessageAsync(client);
            Assert.Equal(Rsv1, reserved);
            JsonAssert.Equal(EchoAnswer(id, Text(2000)), text);
        }
    }

    [Fact]
    public async Task ShortAnswersGoAsTheyAreAndPlainCallsMixWithCompressedOnes()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, BrowserOffer);
        using var deflate = new ClientDeflate();
        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, deflate.Compress(Echo(1, "short")), reserved: Rsv1));
        var (reserved, text) = await ReceiveMessageAsync(client);
        Assert.Equal(0, reserved);
        JsonAssert.Equal(EchoAnswer(1, "short"), text);

        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, Echo(2, Text(500))));
        (reserved, text) = await ReceiveMessageAsync(client);
        Assert.Equal(Rsv1, reserved);
        JsonAssert.Equal(EchoAnswer(2, Text(500)), text);

        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, deflate.Compress(Echo(3, Text(500))), reserved: Rsv1));
        (reserved, text) = await ReceiveMessageAsync(client);
        Assert.Equal(Rsv1, reserved);
        JsonAssert.Equal(EchoAnswer(3, Text(500)), text);
    }

    [Fact]
    public async Task ANotificationComesCompressedToMembersThatAgreedAndPlainToOthers()
    {
        var group = $"deflate-{Guid.NewGuid():N}";
        await using var first = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, BrowserOffer);
        await using var second = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, "permessage-deflate; client_no_context_takeover");
        await using var plain = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint);
        Assert.Equal("permessage-deflate; server_no_context_takeover; client_no_context_takeover", second.Extensions);
        Assert.Null(plain.Extensions);
        foreach (var member in new[] { first, second, plain })
        {
            await member.SendAsync(ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":1}""")));
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":true,"id":1}""", (await ReceiveMessageAsync(member)).Text);
        }

        var payload = Text(1000);
        await plain.SendAsync(ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{"text":"{{payload}}"}]}""")));
        var expected = """{"jsonrpc":"2.0","method":"notification.notif","params":{"payload":{"text":""" + $"\"{payload}\"" + "}}}";

        var (plainReserved, plainText) = await ReceiveMessageAsync(plain);
        Assert.Equal(0, plainReserved);
        JsonAssert.Equal(expected, plainText);
        var (firstReserved, firstBytes) = await ReceiveRawMessageAsync(first);
        var (secondReserved, secondBytes) = await ReceiveRawMessageAsync(second);
        Assert.Equal((Rsv1, Rsv1), (firstReserved, secondReserved));

        // Compressed once for both.
        Assert.Equal(firstBytes, secondBytes);
        JsonAssert.Equal(expected, Encoding.UTF8.GetString(ClientDeflate.Inflate(firstBytes)));
    }

    [Fact]
    public async Task UnderASmallerServerWindowOnlyMessagesThatFitItAreCompressed()
    {
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, "permessage-deflate; server_max_window_bits=10");
        Assert.Equal("permessage-deflate; server_no_context_takeover; server_max_window_bits=10", client.Extensions);

        // About 600 bytes fit a 1 KiB window; about 2 KiB do not.
        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, Echo(1, Text(550))));
        var (reserved, text) = await ReceiveMessageAsync(client);
        Assert.Equal(Rsv1, reserved);
        JsonAssert.Equal(EchoAnswer(1, Text(550)), text);

        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, Echo(2, Text(2000))));
        (reserved, text) = await ReceiveMessageAsync(client);
        Assert.Equal(0, reserved);
        JsonAssert.Equal(EchoAnswer(2, Text(2000)), text);
    }

    [Fact]
    public async Task WithoutTheOptionAnOfferIsLeftUnansweredAndRsv1BreaksTheProtocol()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint, BrowserOffer);
        Assert.Null(client.Extensions);
        using var deflate = new ClientDeflate();
        await client.SendAsync(ClientFrame.Build(ClientFrame.Text, deflate.Compress(Echo(1, Text(500))), reserved: Rsv1));
        Assert.Equal(WebSocketCloseStatus.ProtocolError, await client.ReceiveCloseAsync());
    }

    [Fact]
    public async Task AServerThatKeepsNoInflatersAsksEveryClientForClientNoContextTakeover()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:WebSocketCompression=true", "--JsonRpc:WebSocketCompressionClientContextTakeover=false"]);
        await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint, BrowserOffer);
        Assert.Equal("permessage-deflate; server_no_context_takeover; client_no_context_takeover", client.Extensions);

        // Each message compressed on its own, as agreed.
        for (var id = 1; id <= 2; id++)
        {
            using var deflate = new ClientDeflate();
            await client.SendAsync(ClientFrame.Build(ClientFrame.Text, deflate.Compress(Echo(id, Text(2000))), reserved: Rsv1));
            var (reserved, text) = await ReceiveMessageAsync(client);
            Assert.Equal(Rsv1, reserved);
            JsonAssert.Equal(EchoAnswer(id, Text(2000)), text);
        }
    }

    public static TheoryData<string, byte[], WebSocketCloseStatus> Misuses()
    {
        using var deflate = new ClientDeflate();
        return new()
        {
            // 16 MiB of zeros is 16 KiB compressed: the limit (1 MiB) applies to what it inflates to.
            { "a message that inflates past the limit", ClientFrame.Build(ClientFrame.Text, deflate.Compress(new byte[16 << 20]), reserved: Rsv1), WebSocketCloseStatus.MessageTooBig },
            { "bytes that are not DEFLATE", ClientFrame.Build(ClientFrame.Text, [0xFF, 0xFF, 0xFF, 0x00, 0x12], reserved: Rsv1), WebSocketCloseStatus.InvalidPayloadData },
            { "RSV1 on a continuation", [.. ClientFrame.Build(ClientFrame.Text, "{"u8, fin: false), .. ClientFrame.Build(ClientFrame.Continuation, "}"u8, reserved: Rsv1)], WebSocketCloseStatus.ProtocolError },
            { "RSV1 on a ping", ClientFrame.Build(ClientFrame.Ping, "hi"u8, reserved: Rsv1), WebSocketCloseStatus.ProtocolError },
            { "RSV2", ClientFrame.Build(ClientFrame.Text, "{}"u8, reserved: 0x2), WebSocketCloseStatus.ProtocolError },
        };
    }

    [Theory]
    [MemberData(nameof(Misuses))]
    public async Task MisusedCompressionClosesWithADocumentedCodeAndHarmsNoOne(string misuse, byte[] frames, WebSocketCloseStatus expected)
    {
        await using var bystander = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, BrowserOffer);
        await using var client = await RawWebSocketClient.ConnectAsync(fixture.Server.WebSocketEndpoint, BrowserOffer);
        await client.SendAsync(frames);
        Assert.True(expected == await client.ReceiveCloseAsync(), misuse);

        using var deflate = new ClientDeflate();
        await bystander.SendAsync(ClientFrame.Build(ClientFrame.Text, deflate.Compress(Echo(1, Text(500))), reserved: Rsv1));
        JsonAssert.Equal(EchoAnswer(1, Text(500)), (await ReceiveMessageAsync(bystander)).Text);
    }

    [Fact]
    public async Task DotNetsOwnClientWebSocketTalksToItCompressed()
    {
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        socket.Options.DangerousDeflateOptions = new WebSocketDeflateOptions { ClientContextTakeover = true, ServerContextTakeover = false };
        await socket.ConnectAsync(fixture.Server.WebSocketEndpoint, CancellationToken.None);
        Assert.Equal("permessage-deflate; server_no_context_takeover", socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"].Single());

        var buffer = new byte[64 * 1024];
        for (var id = 1; id <= 3; id++)
        {
            await socket.SendAsync(Echo(id, Text(3000)), WebSocketMessageType.Text, true, CancellationToken.None);
            var received = 0;
            ValueWebSocketReceiveResult result;
            do
            {
                result = await socket.ReceiveAsync(buffer.AsMemory(received), CancellationToken.None);
                received += result.Count;
            }
            while (!result.EndOfMessage);

            JsonAssert.Equal(EchoAnswer(id, Text(3000)), Encoding.UTF8.GetString(buffer, 0, received));
        }

        await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, null, CancellationToken.None);
        Assert.Equal(WebSocketCloseStatus.NormalClosure, socket.CloseStatus);
    }

    /// <summary>Compressible text that is not all one letter.</summary>
    private static string Text(int length)
    {
        var text = new StringBuilder(length);
        for (var i = 0; text.Length < length; i++)
        {
            text.Append("word").Append(i % 37).Append(' ');
        }

        return text.ToString(0, length);
    }

    private static byte[] Echo(int id, string text) => Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"echo","params":["{{text}}"],"id":{{id}}}""");

    private static string EchoAnswer(int id, string text) => $$"""{"jsonrpc":"2.0","result":"{{text}}","id":{{id}}}""";

    /// <summary>The next text message in one frame, inflated when RSV1 says it is compressed.</summary>
    private static async Task<(byte Reserved, string Text)> ReceiveMessageAsync(RawWebSocketClient client)
    {
        var (reserved, payload) = await ReceiveRawMessageAsync(client);
        return (reserved, Encoding.UTF8.GetString(reserved == Rsv1 ? ClientDeflate.Inflate(payload) : payload));
    }

    private static async Task<(byte Reserved, byte[] Payload)> ReceiveRawMessageAsync(RawWebSocketClient client)
    {
        var (fin, reserved, opcode, payload) = await client.ReceiveFrameWithReservedBitsAsync();
        Assert.True(fin);
        Assert.Equal(ClientFrame.Text, opcode);
        return (reserved, payload);
    }
}
