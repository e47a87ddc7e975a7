using System.Buffers;
using System.Text;
using BenchmarkDotNet.Attributes;
using OrleansRpc.Gateway.WebSockets;
using OrleansRpc.Gateway.WebSockets.Compression;

namespace OrleansRpc.Benchmarks.Micro;

/// <summary>
/// What permessage-deflate costs per message: a 2 KiB notification framed as it is, compressed and
/// framed, and inflated as a client's message would be. Not sealed: BenchmarkDotNet derives from
/// benchmark classes.
/// </summary>
[MemoryDiagnoser]
public class CompressionBenchmarks
{
    private static readonly byte[] s_message = Message();

    private readonly ArrayBufferWriter<byte> _wire = new(8 * 1024);
    private readonly MessageInflater _inflater = new(contextTakeover: true);
    private byte[] _compressed = [];

    /// <summary>The notification's size compressed, for the report.</summary>
    public static int CompressedLength => MessageDeflater.Compress(s_message).Length;

    public static int Length => s_message.Length;

    [GlobalSetup]
    public void Setup()
    {
        _compressed = MessageDeflater.Compress(s_message).ToArray();
        if (Inflate() != s_message.Length || Compressed() >= Plain())
        {
            throw new InvalidOperationException("The message did not compress and inflate back; the benchmark would measure something else.");
        }
    }

    [GlobalCleanup]
    public void Cleanup() => _inflater.Dispose();

    [Benchmark(Description = "websocket: frame a 2 KiB notification as it is")]
    public int Plain()
    {
        _wire.ResetWrittenCount();
        return TextFrame.Write(_wire, s_message);
    }

    [Benchmark(Description = "websocket: compress and frame it (permessage-deflate)")]
    public int Compressed()
    {
        _wire.ResetWrittenCount();
        return TextFrame.Write(_wire, MessageDeflater.Compress(s_message), compressed: true);
    }

    [Benchmark(Description = "websocket: inflate it, as a client's message")]
    public int Inflate()
    {
        _inflater.Inflate(_compressed, 1024 * 1024, out var inflated, out var length);
        ArrayPool<byte>.Shared.Return(inflated!);
        return length;
    }

    /// <summary>A chat room's recent messages: JSON with the repetition real notifications have.</summary>
    private static byte[] Message()
    {
        var json = new StringBuilder("""{"jsonrpc":"2.0","method":"chat.history","params":{"room":"lobby","messages":[""");
        for (var i = 0; json.Length < 2000; i++)
        {
            json.Append(i == 0 ? "" : ",").Append($$"""{"from":"user{{i % 7}}","text":"message number {{i}} in the lobby","at":"2026-12-03T02:{{i % 60:00}}:00Z"}""");
        }

        return Encoding.UTF8.GetBytes(json.Append("]}}").ToString());
    }
}
