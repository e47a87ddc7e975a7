using System.IO.Compression;

namespace OrleansRpc.Tests.WebSockets;

/// <summary>permessage-deflate as a client does it (RFC 7692 §7.2), with the runtime's DEFLATE, for tests to build and read compressed messages.</summary>
internal sealed class ClientDeflate : IDisposable
{
    private readonly MemoryStream _output = new();
    private readonly DeflateStream _deflate;

    /// <summary>One compressor for every message: under context takeover, each may refer back to the ones before.</summary>
    public ClientDeflate() => _deflate = new DeflateStream(_output, CompressionLevel.Optimal, leaveOpen: true);

    /// <summary>The next message, compressed and sync-flushed, with the flush's 00 00 FF FF taken off its end.</summary>
    public byte[] Compress(ReadOnlySpan<byte> message)
    {
        _output.SetLength(0);
        _deflate.Write(message);
        _deflate.Flush();
        return _output.ToArray()[..^4];
    }

    /// <summary>A message compressed on its own and ended with a final block (BFINAL), which the RFC also allows.</summary>
    public static byte[] CompressWithFinalBlock(ReadOnlySpan<byte> message)
    {
        var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.Optimal, leaveOpen: true))
        {
            deflate.Write(message);
        }

        return output.ToArray();
    }

    /// <summary>A server message, compressed on its own (server_no_context_takeover): a fresh inflater reads it.</summary>
    public static byte[] Inflate(ReadOnlySpan<byte> compressed)
    {
        using var input = new MemoryStream([.. compressed, 0x00, 0x00, 0xFF, 0xFF]);
        using var inflate = new DeflateStream(input, CompressionMode.Decompress);
        using var inflated = new MemoryStream();
        inflate.CopyTo(inflated);
        return inflated.ToArray();
    }

    public void Dispose()
    {
        _deflate.Dispose();
        _output.Dispose();
    }
}
