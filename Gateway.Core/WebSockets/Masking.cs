using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// Undoes the client's masking (RFC 6455 §5.3): every payload byte is XORed with the key byte at its
/// position modulo 4. A payload arrives in pieces, so each piece starts where the last one left the key.
/// </summary>
internal static class Masking
{
    /// <param name="mask">The key as <see cref="FrameHeader.Mask"/> holds it: its first byte lowest.</param>
    /// <param name="offset">The payload position of <paramref name="data"/>'s first byte, modulo 4.</param>
    /// <returns>The offset the next piece starts at.</returns>
    public static int Unmask(Span<byte> data, uint mask, int offset)
    {
        // Turned so that the key's byte for data[0] is lowest; then every 4-byte step starts at key byte 0.
        var key = BitOperations.RotateRight(mask, offset * 8);
        var next = (offset + data.Length) & 3;
        var i = 0;

        if (Vector128.IsHardwareAccelerated && BitConverter.IsLittleEndian && data.Length >= Vector128<byte>.Count)
        {
            var keys = Vector128.Create(key).AsByte();
            var blocks = MemoryMarshal.Cast<byte, Vector128<byte>>(data);
            for (var b = 0; b < blocks.Length; b++)
            {
                blocks[b] ^= keys;
            }

            i = blocks.Length * Vector128<byte>.Count;
        }

        var wide = key | ((ulong)key << 32);
        for (; i + sizeof(ulong) <= data.Length; i += sizeof(ulong))
        {
            var slot = data.Slice(i, sizeof(ulong));
            BinaryPrimitives.WriteUInt64LittleEndian(slot, BinaryPrimitives.ReadUInt64LittleEndian(slot) ^ wide);
        }

        for (; i < data.Length; i++)
        {
            data[i] ^= (byte)(key >> ((i & 3) * 8));
        }

        return next;
    }
}
