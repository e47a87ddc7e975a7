using System.Buffers;
using System.Text;
using OrleansRpc.Gateway.WebSockets.Compression;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>Inflating a client's compressed messages (RFC 7692 §7.2.2), message after message.</summary>
public sealed class MessageInflaterTests
{
    private static readonly byte[] s_message = Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"echo","params":["{{string.Join(' ', Enumerable.Range(0, 200))}}"],"id":1}""");

    [Fact]
    public void UnderContextTakeoverALaterMessageMayReferBackToAnEarlierOne()
    {
        using var client = new ClientDeflate();
        var first = client.Compress(s_message);
        var second = client.Compress(s_message);

        // The second refers back to the first, so it is far smaller: a fresh inflater could not read it.
        Assert.True(second.Length * 4 < first.Length, $"{second.Length} bytes, then {first.Length}");

        using var inflater = new MessageInflater(contextTakeover: true);
        AssertInflates(inflater, first, s_message);
        AssertInflates(inflater, second, s_message);
        AssertInflates(inflater, client.Compress(s_message), s_message);

        using var forgetful = new MessageInflater(contextTakeover: false);
        AssertInflates(forgetful, first, s_message);
        Assert.Equal(InflateResult.Invalid, forgetful.Inflate(second, 1 << 20, out var nothing, out _));
        Assert.Null(nothing);
    }

    [Fact]
    public void AMessageEndedWithAFinalBlockIsReadAndTheNextStartsAFreshStream()
    {
        using var inflater = new MessageInflater(contextTakeover: true);
        AssertInflates(inflater, ClientDeflate.CompressWithFinalBlock(s_message), s_message);
        AssertInflates(inflater, ClientDeflate.CompressWithFinalBlock("{}"u8), "{}"u8.ToArray());

        using var client = new ClientDeflate();
        AssertInflates(inflater, client.Compress(s_message), s_message);
        AssertInflates(inflater, client.Compress(s_message), s_message);
    }

    [Fact]
    public void AnEmptyMessageInflatesToNothing()
    {
        // RFC 7692 §7.2.3.6: an empty message compresses to one byte, the head of an empty stored block.
        using var inflater = new MessageInflater(contextTakeover: true);
        AssertInflates(inflater, [0x00], []);
        AssertInflates(inflater, [], []);
    }

    [Fact]
    public void AMessageThatInflatesPastTheLimitIsStoppedThereAndOneAtTheLimitIsNot()
    {
        var zeros = new byte[1 << 20];
        using var client = new ClientDeflate();
        var bomb = client.Compress(new byte[16 << 20]);
        Assert.True(bomb.Length < 32 * 1024, $"{bomb.Length} bytes");

        using var inflater = new MessageInflater(contextTakeover: true);
        Assert.Equal(InflateResult.TooBig, inflater.Inflate(bomb, zeros.Length, out var nothing, out _));
        Assert.Null(nothing);

        using var fresh = new ClientDeflate();
        AssertInflates(new MessageInflater(contextTakeover: true), fresh.Compress(zeros), zeros, maxBytes: zeros.Length);
        Assert.Equal(InflateResult.TooBig, new MessageInflater(contextTakeover: true).Inflate(new ClientDeflate().Compress(zeros), zeros.Length - 1, out _, out _));
    }

    [Fact]
    public void BytesThatAreNotDeflateAreInvalid()
    {
        using var inflater = new MessageInflater(contextTakeover: true);
        Assert.Equal(InflateResult.Invalid, inflater.Inflate(new byte[] { 0xFF, 0xFF, 0xFF, 0x00, 0x12 }, 1 << 20, out var nothing, out _));
        Assert.Null(nothing);

        // After a failure the next message starts afresh.
        AssertInflates(inflater, ClientDeflate.CompressWithFinalBlock(s_message), s_message);
    }

    private static void AssertInflates(MessageInflater inflater, byte[] compressed, byte[] expected, int maxBytes = 1 << 20)
    {
        Assert.Equal(InflateResult.Inflated, inflater.Inflate(compressed, maxBytes, out var inflated, out var length));
        Assert.Equal(expected, inflated.AsSpan(0, length).ToArray());
        ArrayPool<byte>.Shared.Return(inflated!);
    }
}
