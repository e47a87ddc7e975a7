using System.Text;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// JSON-RPC 2.0 as the gateway speaks it. The raw echo baseline is sent the very same bytes, and since it
/// returns them unchanged its replies carry the same ids.
/// </summary>
internal sealed class JsonRpcWire(string name, string path) : WireFormat(name, path)
{
    public override byte[] Subtract(int id) =>
        Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":{{id}}}""");

    public override byte[] Join(string group, int id) =>
        Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"group.join","params":["{{group}}"],"id":{{id}}}""");

    public override byte[] Publish(string group, int payload, int padding, int id) =>
        Encoding.UTF8.GetBytes($$"""{"jsonrpc":"2.0","method":"group.send","params":["{{group}}",{{PayloadJson(payload, padding)}}],"id":{{id}}}""");

    public override void Parse(ReadOnlySpan<byte> message, ParsedMessage parsed)
    {
        var id = IntegerAfter(message, "\"id\":"u8);
        if (id >= 0)
        {
            parsed.Replies.Add(id);
            if (message.IndexOf("\"error\":"u8) >= 0)
            {
                parsed.Errors++;
            }

            return;
        }

        var payload = IntegerAfter(message, "\"payload\":"u8);
        if (payload >= 0)
        {
            parsed.Notifications.Add(payload);
        }
    }
}
