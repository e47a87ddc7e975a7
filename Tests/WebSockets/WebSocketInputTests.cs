using System.Buffers;
using System.IO.Pipelines;
using System.Net.WebSockets;
using System.Text;
using OrleansRpc.Gateway.WebSockets;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>
/// The gateway's reading of client frames, fed through a real pipe in pieces of every size: messages of
/// every length form, fragments with control frames between them, pings answered, and every rule of
/// RFC 6455 a client can break reported with its close status.
/// </summary>
public sealed class WebSocketInputTests
{
    private const int Limit = 300_000;

    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(15)]
    [InlineData(17)]
    [InlineData(125)]
    [InlineData(126)]
    [InlineData(65535)]
    [InlineData(65536)]
    [InlineData(Limit)]
    public async Task AMessageOfAnyLengthArrivesUnmasked(int length)
    {
        var text = Letters(length);
        await using var harness = new Harness();
        var received = await harness.FeedAsync([.. ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes(text)), .. ClientFrame.Build(ClientFrame.Text, "after"u8)], 4096);
        Assert.Equal([(InputEvent.Text, text), (InputEvent.Text, "after")], received);
    }

    [Fact]
    public async Task AFrameAnnouncingALargePayloadReservesOnlyWhatHasArrived()
    {
        const int Announced = 1024 * 1024;
        var text = Letters(Announced);
        var frame = ClientFrame.Build(ClientFrame.Text, Encoding.UTF8.GetBytes(text));
        await using var harness = new Harness(limit: 2 * Announced);

        Assert.Empty(await harness.FeedAsync(frame[..20], 20));
        Assert.InRange(harness.Input.ReservedBytes, 1, 256);

        // The rest, as it comes: the buffer grows with it, and the message arrives whole.
        var received = await harness.FeedAsync(frame[20..], 4096);
        Assert.Equal([(InputEvent.Text, text)], received);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(1000)]
    public async Task AFragmentedMessageWithControlFramesBetweenItsPiecesArrivesWholeFedInAnyPieces(int piece)
    {
        byte[] bytes =
        [
            .. ClientFrame.Build(ClientFrame.Text, "{\"jsonrpc\":"u8, fin: false),
            .. ClientFrame.Build(ClientFrame.Ping, "are you there"u8),
            .. ClientFrame.Build(ClientFrame.Continuation, "\"2.0\",\"method\""u8, fin: false, key: [1, 2, 3, 4]),
            .. ClientFrame.Build(ClientFrame.Pong, default),
            .. ClientFrame.Build(ClientFrame.Continuation, ":\"ping\"}"u8, key: [0xFF, 0, 0x80, 7]),
            .. ClientFrame.Build(ClientFrame.Text, default),
        ];

        await using var harness = new Harness();
        Assert.Equal([(InputEvent.Text, """{"jsonrpc":"2.0","method":"ping"}"""), (InputEvent.Text, "")], await harness.FeedAsync(bytes, piece));
        Assert.Equal([0x8A, 13, .. "are you there"u8], await harness.SentAsync());
    }

    [Fact]
    public async Task ABinaryMessageIsReportedAndTheNextOneStillArrives()
    {
        await using var harness = new Harness();
        var received = await harness.FeedAsync([.. ClientFrame.Build(ClientFrame.Binary, [1, 2, 3]), .. ClientFrame.Build(ClientFrame.Text, "x"u8)], 64);
        Assert.Equal([(InputEvent.Binary, null), (InputEvent.Text, "x")], received);
    }

    [Fact]
    public async Task ACloseWithAnApplicationStatusOrNoneIsAClose()
    {
        await using var harness = new Harness();
        Assert.Equal([(InputEvent.Close, null)], await harness.FeedAsync(ClientFrame.CloseWith(4001, "bye"u8), 1));

        await using var empty = new Harness();
        Assert.Equal([(InputEvent.Close, null)], await empty.FeedAsync(ClientFrame.Build(ClientFrame.Close, default), 1));
    }

    [Theory]
    [InlineData("unmasked", WebSocketCloseStatus.ProtocolError)]
    [InlineData("reserved bit", WebSocketCloseStatus.ProtocolError)]
    [InlineData("data opcode 3", WebSocketCloseStatus.ProtocolError)]
    [InlineData("control opcode 11", WebSocketCloseStatus.ProtocolError)]
    [InlineData("fragmented ping", WebSocketCloseStatus.ProtocolError)]
    [InlineData("126-byte ping", WebSocketCloseStatus.ProtocolError)]
    [InlineData("continuation first", WebSocketCloseStatus.ProtocolError)]
    [InlineData("text inside a message", WebSocketCloseStatus.ProtocolError)]
    [InlineData("1-byte close", WebSocketCloseStatus.ProtocolError)]
    [InlineData("close 1005", WebSocketCloseStatus.ProtocolError)]
    [InlineData("close 999", WebSocketCloseStatus.ProtocolError)]
    [InlineData("close 2000", WebSocketCloseStatus.ProtocolError)]
    [InlineData("top length bit", WebSocketCloseStatus.ProtocolError)]
    [InlineData("close reason not UTF-8", WebSocketCloseStatus.InvalidPayloadData)]
    public async Task EveryBrokenRuleIsReportedWithItsStatus(string rule, WebSocketCloseStatus status)
    {
        byte[] bytes = rule switch
        {
            "unmasked" => ClientFrame.Build(ClientFrame.Text, "{}"u8, masked: false),
            "reserved bit" => ClientFrame.Build(ClientFrame.Text, "{}"u8, reserved: 4),
            "data opcode 3" => ClientFrame.Build(3, "{}"u8),
            "control opcode 11" => ClientFrame.Build(11, default),
            "fragmented ping" => ClientFrame.Build(ClientFrame.Ping, "a"u8, fin: false),
            "126-byte ping" => ClientFrame.Build(ClientFrame.Ping, new byte[126]),
            "continuation first" => ClientFrame.Build(ClientFrame.Continuation, "{}"u8),
            "text inside a message" => [.. ClientFrame.Build(ClientFrame.Text, "{"u8, fin: false), .. ClientFrame.Build(ClientFrame.Text, "}"u8)],
            "1-byte close" => ClientFrame.Build(ClientFrame.Close, [3]),
            "close 1005" => ClientFrame.CloseWith(1005),
            "close 999" => ClientFrame.CloseWith(999),
            "close 2000" => ClientFrame.CloseWith(2000),
            "top length bit" => ClientFrame.HeadOnly(ClientFrame.Text, long.MinValue),
            "close reason not UTF-8" => ClientFrame.CloseWith(1000, [0xC3, 0x28]),
            _ => throw new ArgumentOutOfRangeException(nameof(rule)),
        };

        await using var harness = new Harness();
        Assert.Equal([(InputEvent.ProtocolError, null)], await harness.FeedAsync(bytes, 3));
        Assert.Equal(status, harness.Input.FailureStatus);
        Assert.False(string.IsNullOrEmpty(harness.Input.Failure));
    }

    [Fact]
    public async Task AMessageOfExactlyTheLimitArrivesAndOneByteMoreIsTooBigThenSkippedUntilTheClose()
    {
        await using var harness = new Harness(limit: 1000);
        byte[] bytes =
        [
            .. ClientFrame.Build(ClientFrame.Text, new byte[1000]),
            .. ClientFrame.Build(ClientFrame.Text, new byte[600], fin: false),
            .. ClientFrame.Build(ClientFrame.Continuation, new byte[401]),
            .. ClientFrame.Build(ClientFrame.Text, "skipped"u8),
            .. ClientFrame.CloseWith(1000),
        ];

        var received = await harness.FeedAsync(bytes, 100);
        Assert.Equal([(InputEvent.Text, new string('\0', 1000)), (InputEvent.TooBig, null), (InputEvent.Close, null)], received);
    }

    [Fact]
    public async Task AFrameAnnouncingMoreThanTheLimitIsTooBigBeforeItsPayloadComes()
    {
        await using var harness = new Harness(limit: 1000);
        Assert.Equal([(InputEvent.TooBig, null)], await harness.FeedAsync(ClientFrame.HeadOnly(ClientFrame.Text, 1L << 40), 14));
    }

    [Fact]
    public void AHeadSplitAcrossSegmentsIsRead()
    {
        var frame = ClientFrame.Build(ClientFrame.Text, new byte[70_000]);
        var sequence = Split(frame.AsMemory(0, 14), 1, 5, 9);
        Assert.True(FrameHeader.TryRead(sequence, out var header, out var length));
        Assert.Equal(14, length);
        Assert.Equal(70_000, header.PayloadLength);
        Assert.True(header.Masked && header.Fin);
        Assert.False(FrameHeader.TryRead(sequence.Slice(0, 13), out _, out _));
    }

    [Fact]
    public void UnmaskingInPiecesFromAnyOffsetMatchesByteByByte()
    {
        var random = new Random(17);
        var data = new byte[1000];
        random.NextBytes(data);
        byte[] key = [0x12, 0x34, 0x56, 0x78];
        var mask = System.Buffers.Binary.BinaryPrimitives.ReadUInt32LittleEndian(key);
        var expected = data.Select((b, i) => (byte)(b ^ key[i % 4])).ToArray();

        foreach (var cut in new[] { 1, 3, 16, 17, 33, 500, 999 })
        {
            var copy = data.ToArray();
            var offset = Masking.Unmask(copy.AsSpan(0, cut), mask, 0);
            Masking.Unmask(copy.AsSpan(cut), mask, offset);
            Assert.Equal(expected, copy);
        }
    }

    private static string Letters(int length) => string.Create(length, 0, static (span, _) =>
    {
        for (var i = 0; i < span.Length; i++)
        {
            span[i] = (char)('a' + (i % 26));
        }
    });

    private static ReadOnlySequence<byte> Split(ReadOnlyMemory<byte> bytes, params int[] cuts)
    {
        var first = new Segment(bytes[..cuts[0]], 0);
        var last = first;
        var start = cuts[0];
        foreach (var cut in cuts.Skip(1).Append(bytes.Length))
        {
            last = last.Append(bytes[start..cut]);
            start = cut;
        }

        return new ReadOnlySequence<byte>(first, 0, last, last.Memory.Length);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }

    /// <summary>An input over one pipe the test writes to, its pongs going into another the test reads.</summary>
    private sealed class Harness : IAsyncDisposable
    {
        private readonly Pipe _in = new();
        private readonly Pipe _out = new();
        private readonly WebSocketOutput _output;

        public Harness(int limit = Limit)
        {
            _output = new WebSocketOutput(_out.Writer, ownsWriter: true, capacity: 16, new InFlightSlots(16));
            Input = new WebSocketInput(_in.Reader, ownsReader: true, _output, limit);
        }

        public WebSocketInput Input { get; }

        /// <summary>Writes <paramref name="bytes"/> in pieces of <paramref name="piece"/>, reading after each as the connection does.</summary>
        public async Task<List<(InputEvent Event, string? Text)>> FeedAsync(byte[] bytes, int piece)
        {
            var received = new List<(InputEvent, string?)>();
            for (var offset = 0; offset < bytes.Length; offset += piece)
            {
                await _in.Writer.WriteAsync(bytes.AsMemory(offset, Math.Min(piece, bytes.Length - offset)));
                while (_in.Reader.TryRead(out var read))
                {
                    var buffer = read.Buffer;
                    var found = Input.Read(ref buffer);
                    _in.Reader.AdvanceTo(buffer.Start, found == InputEvent.NeedMore ? read.Buffer.End : buffer.Start);
                    if (found == InputEvent.NeedMore)
                    {
                        break;
                    }

                    if (found == InputEvent.Text)
                    {
                        using var message = Input.TakeMessage();
                        received.Add((found, Encoding.UTF8.GetString(message.Span)));
                    }
                    else
                    {
                        received.Add((found, null));
                    }

                    if (found is InputEvent.ProtocolError or InputEvent.Close)
                    {
                        return received;
                    }
                }
            }

            return received;
        }

        /// <summary>Everything the input had the output send, once the output has been completed.</summary>
        public async Task<byte[]> SentAsync()
        {
            Assert.True(await _output.CompleteAsync(TimeSpan.FromSeconds(10)));
            var read = await _out.Reader.ReadAsync();
            while (!read.IsCompleted)
            {
                _out.Reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
                read = await _out.Reader.ReadAsync();
            }

            var bytes = read.Buffer.ToArray();
            _out.Reader.AdvanceTo(read.Buffer.End);
            return bytes;
        }

        public async ValueTask DisposeAsync()
        {
            await Input.CompleteAsync();
            await _in.Writer.CompleteAsync();
            await _output.CompleteAsync(TimeSpan.FromSeconds(10));
        }
    }
}
