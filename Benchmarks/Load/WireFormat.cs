using System.Buffers.Text;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// How the load generator speaks to one kind of endpoint: the bytes of a subtract call, a group join and a
/// group publish, and how to find reply ids and notification payloads in what comes back. Requests are
/// built once; replies are scanned, not parsed, so the load generator stays cheap.
/// </summary>
internal abstract class WireFormat(string name, string path)
{
    public string Name { get; } = name;

    public string Path { get; } = path;

    public virtual Task HandshakeAsync(LoadWebSocket socket, CancellationToken cancellationToken) => Task.CompletedTask;

    public abstract byte[] Subtract(int id);

    public abstract byte[] Join(string group, int id);

    /// <summary>A publish of payload number <paramref name="payload"/>; with padding, the payload is <c>[n, "xxx…"]</c>.</summary>
    public abstract byte[] Publish(string group, int payload, int padding, int id);

    public abstract void Parse(ReadOnlySpan<byte> message, ParsedMessage parsed);

    protected static string PayloadJson(int payload, int padding) =>
        padding == 0 ? payload.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"[{payload},\"{new string('x', padding)}\"]";

    /// <summary>The integer after <paramref name="marker"/>, skipping a quote or bracket before it; -1 if absent.</summary>
    protected static int IntegerAfter(ReadOnlySpan<byte> text, ReadOnlySpan<byte> marker)
    {
        var at = text.IndexOf(marker);
        if (at < 0)
        {
            return -1;
        }

        var rest = text[(at + marker.Length)..];
        while (rest.Length > 0 && (rest[0] == (byte)'"' || rest[0] == (byte)'[' || rest[0] == (byte)' '))
        {
            rest = rest[1..];
        }

        return Utf8Parser.TryParse(rest, out int value, out _) ? value : -1;
    }
}
