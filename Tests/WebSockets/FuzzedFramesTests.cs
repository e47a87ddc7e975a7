using System.Buffers.Binary;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// The gateway reads WebSocket frames itself, so its frame reader meets whatever a client sends. Here
/// thousands of connections each send a seeded random run of frames (fragmented messages, pings, pongs,
/// binary and close frames). Most runs are then damaged (a byte changed, a piece cut out, bytes put in)
/// and followed by the end of what the client sends. Whatever comes back must be well-formed server
/// frames: answers that are JSON-RPC responses, and at most one close frame with a documented code, last.
/// An undamaged run, which ends with a close, must have every request answered. A bystander connection keeps working throughout, and nothing is
/// logged as an error. Under permessage-deflate, runs also hold compressed messages (one compressor per
/// run, so later ones refer back to earlier ones), and answers may come compressed.
/// </summary>
public sealed class FuzzedFramesTests
{
    private const int Runs = 3000;

    /// <summary>RSV1 as a frame's reserved bits give it: compressed.</summary>
    private const byte Compressed = 0x4;

    private static readonly int[] DocumentedCloseCodes = [1000, 1001, 1002, 1007, 1008, 1009];

    private const string DeflateOffer = "permessage-deflate; client_max_window_bits";

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task DamagedFramesEndInAnswersOrADocumentedCloseAndHarmNoOne(bool compression)
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(
            services: s => s.AddSingleton<ILoggerProvider>(log),
            arguments: ["--JsonRpc:WebSocketCompression=" + compression, "--JsonRpc:WebSocketCompressionThreshold=100"]);
        await using var bystander = new WebSocketRpcClient(server.WebSocketEndpoint);
        var random = new Random(compression ? 20261203 : 20261122);
        var closed = 0;
        var compressedAnswers = 0;

        for (var run = 0; run < Runs; run++)
        {
            var (bytes, requests, endsInClose) = FrameRun(random, compression);
            var damaged = random.Next(4) != 0;
            if (damaged)
            {
                bytes = Damage(random, bytes);
            }
            else if (!endsInClose)
            {
                bytes = [.. bytes, .. ClientFrame.CloseWith(1000)];
            }

            await using var client = await RawWebSocketClient.ConnectAsync(server.WebSocketEndpoint, compression ? DeflateOffer : null);
            await client.SendAsync(bytes);
            if (damaged)
            {
                // The server may be waiting for the rest of a frame. Ending what the client sends ends the
                // connection, and Kestrel then gives up on it, answers included: only the frames already
                // sent are checked.
                client.EndSending();
            }

            var ending = await client.ReadToEndAsync();
            var context = $"run {run}: {Convert.ToHexString(bytes)}";
            Assert.True(ending is not null, $"The server neither closed nor let go: {context}");
            var (received, reset) = ending.Value;
            Assert.False(!damaged && reset, $"Reset after a clean close: {context}");

            var (answers, compressedOnes, closeCode) = ReadServerFrames(received, reset, compression, context);
            compressedAnswers += compressedOnes;
            if (closeCode is not null)
            {
                closed++;
                Assert.True(DocumentedCloseCodes.Contains(closeCode.Value), $"Close code {closeCode} after {context}");
            }

            if (!damaged)
            {
                Assert.True(answers == requests, $"{answers} answers to {requests} requests, close {closeCode}, {received.Length} bytes back: {context}");
                Assert.True(closeCode == 1000, $"Close code {closeCode} after {context}");
            }

            if (run % 50 == 0)
            {
                JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
            }
        }

        // Damage often breaks the protocol, so many runs end in a close; the undamaged ones all do.
        Assert.InRange(closed, Runs / 4, Runs);
        Assert.InRange(compressedAnswers, compression ? Runs / 4 : 0, compression ? int.MaxValue : 0);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    /// <summary>
    /// One to six frames, how many requests (each answered) they hold, and whether the last is a close:
    /// nothing follows a close, as a client must send nothing after one (and bytes the server leaves
    /// unread make it reset the connection, which can lose what it sent last).
    /// </summary>
    private static (byte[] Bytes, int Requests, bool EndsInClose) FrameRun(Random random, bool compression)
    {
        using var deflate = new ClientDeflate();
        var bytes = new List<byte>();
        var requests = 0;
        var closing = false;
        for (var frames = random.Next(1, 7); frames > 0 && !closing; frames--)
        {
            var key = new byte[4];
            random.NextBytes(key);
            var request = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"echo","params":["{{new string('x', random.Next(0, 300))}}"],"id":{{requests}}}""");
            switch (random.Next(compression ? 8 : 6))
            {
                case 6:
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Text, deflate.Compress(request), reserved: Compressed, key: key));
                    requests++;
                    break;
                case 7:
                    var compressed = deflate.Compress(request);
                    var split = random.Next(0, compressed.Length + 1);
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Text, compressed.AsSpan(0, split), fin: false, reserved: Compressed, key: key));
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Continuation, compressed.AsSpan(split), key: key));
                    requests++;
                    break;
                case 0 or 1:
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Text, request, key: key));
                    requests++;
                    break;
                case 2:
                    var cut = random.Next(1, request.Length);
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Text, request.AsSpan(0, cut), fin: false, key: key));
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Ping, "in between"u8, key: key));
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Continuation, request.AsSpan(cut), key: key));
                    requests++;
                    break;
                case 3:
                    bytes.AddRange(ClientFrame.Build(random.Next(2) == 0 ? ClientFrame.Ping : ClientFrame.Pong, "hi"u8, key: key));
                    break;
                case 4:
                    bytes.AddRange(ClientFrame.Build(ClientFrame.Binary, request, key: key));

                    // Refused with an error, which is an answer too.
                    requests++;
                    break;
                default:
                    if (random.Next(3) == 0)
                    {
                        bytes.AddRange(ClientFrame.CloseWith(1000));
                        closing = true;
                    }

                    break;
            }
        }

        return ([.. bytes], requests, closing);
    }

    private static byte[] Damage(Random random, byte[] frames)
    {
        var bytes = new List<byte>(frames);
        for (var edits = random.Next(1, 3); edits > 0; edits--)
        {
            if (bytes.Count == 0)
            {
                bytes.Add(0x81);
            }

            // The first bytes are frame heads more often than not: the edits favour them.
            var at = random.Next(2) == 0 ? random.Next(Math.Min(16, bytes.Count)) : random.Next(bytes.Count);
            switch (random.Next(3))
            {
                case 0:
                    bytes[at] ^= (byte)random.Next(1, 256);
                    break;
                case 1:
                    bytes.RemoveRange(at, Math.Min(random.Next(1, 8), bytes.Count - at));
                    break;
                default:
                    var junk = new byte[random.Next(1, 8)];
                    random.NextBytes(junk);
                    bytes.InsertRange(at, junk);
                    break;
            }

        }

        return [.. bytes];
    }

    /// <summary>
    /// Reads the server's frames; counts the text ones (each checked, inflated if compressed) and the
    /// compressed among them, and returns the close code, if any.
    /// After a reset the last frame may be cut short.
    /// </summary>
    private static (int Answers, int Compressed, int? CloseCode) ReadServerFrames(byte[] received, bool reset, bool compression, string context)
    {
        var answers = 0;
        var compressedAnswers = 0;
        int? closeCode = null;
        var at = 0;
        while (at < received.Length)
        {
            Assert.True(closeCode is null, $"A frame after the close: {context}");
            if (reset && !IsWholeFrame(received.AsSpan(at)))
            {
                break;
            }

            Assert.True(received.Length - at >= 2, $"A cut frame head: {context}");
            var fin = (received[at] & 0x80) != 0;
            var opcode = received[at] & 0x0F;
            var compressed = (received[at] & 0x40) != 0;
            Assert.True(fin && (received[at] & 0x30) == 0 && (received[at + 1] & 0x80) == 0, $"A bad server frame head: {context}");
            Assert.False(compressed && (!compression || opcode != ClientFrame.Text), $"RSV1 where it may not be: {context}");
            long length = received[at + 1] & 0x7F;
            at += 2;
            if (length >= 126)
            {
                var size = length == 126 ? 2 : 8;
                length = size == 2 ? BinaryPrimitives.ReadUInt16BigEndian(received.AsSpan(at)) : BinaryPrimitives.ReadInt64BigEndian(received.AsSpan(at));
                at += size;
            }

            Assert.True(received.Length - at >= length, $"A cut frame: {context}");
            var payload = received.AsSpan(at, (int)length);
            at += (int)length;
            switch (opcode)
            {
                case ClientFrame.Text:
                    JsonRpcResponseAssert.WellFormed(Encoding.UTF8.GetString(compressed ? ClientDeflate.Inflate(payload) : payload), context);
                    answers++;
                    compressedAnswers += compressed ? 1 : 0;
                    break;
                case ClientFrame.Close:
                    closeCode = payload.Length >= 2 ? BinaryPrimitives.ReadUInt16BigEndian(payload) : 1005;
                    break;
                case ClientFrame.Pong or ClientFrame.Ping:
                    break;
                default:
                    Assert.Fail($"Opcode {opcode} from the server: {context}");
                    break;
            }
        }

        return (answers, compressedAnswers, closeCode);
    }

    private static bool IsWholeFrame(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < 2)
        {
            return false;
        }

        long length = bytes[1] & 0x7F;
        var head = 2 + (length == 126 ? 2 : length == 127 ? 8 : 0);
        if (bytes.Length < head)
        {
            return false;
        }

        length = length == 126 ? BinaryPrimitives.ReadUInt16BigEndian(bytes[2..]) : length == 127 ? BinaryPrimitives.ReadInt64BigEndian(bytes[2..]) : length;
        return bytes.Length - head >= length;
    }
}
