using System.Text;

namespace OrleansRpc.Benchmarks.Load;

/// <summary>
/// SignalR's JSON hub protocol over a WebSocket without negotiation: records end with 0x1E and one
/// WebSocket message may carry several of them.
/// </summary>
internal sealed class SignalRWire(string name, string path) : WireFormat(name, path)
{
    private const byte RecordSeparator = 0x1e;

    public override async Task HandshakeAsync(LoadWebSocket socket, CancellationToken cancellationToken)
    {
        await socket.SendAsync("{\"protocol\":\"json\",\"version\":1}\u001e"u8.ToArray(), cancellationToken);
        var answer = await socket.ReceiveAsync(cancellationToken);
        if (!answer.Span.StartsWith("{}"u8))
        {
            throw new InvalidOperationException($"SignalR handshake failed: {Encoding.UTF8.GetString(answer.Span)}");
        }
    }

    public override byte[] Subtract(int id) =>
        Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"{{id}}","target":"Subtract","arguments":[42,23]}""" + "\u001e");

    public override byte[] Join(string group, int id) =>
        Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"{{id}}","target":"Join","arguments":["{{group}}"]}""" + "\u001e");

    public override byte[] Publish(string group, int payload, int padding, int id) =>
        Encoding.UTF8.GetBytes($$"""{"type":1,"invocationId":"{{id}}","target":"Send","arguments":["{{group}}",{{PayloadJson(payload, padding)}}]}""" + "\u001e");

    public override void Parse(ReadOnlySpan<byte> message, ParsedMessage parsed)
    {
        while (message.Length > 0)
        {
            var end = message.IndexOf(RecordSeparator);
            var record = end < 0 ? message : message[..end];
            message = end < 0 ? [] : message[(end + 1)..];
            if (record.IndexOf("\"type\":3"u8) >= 0)
            {
                parsed.Replies.Add(IntegerAfter(record, "\"invocationId\":"u8));
                if (record.IndexOf("\"error\":"u8) >= 0)
                {
                    parsed.Errors++;
                }
            }
            else if (record.IndexOf("\"type\":1"u8) >= 0)
            {
                var payload = IntegerAfter(record, "\"payload\":"u8);
                if (payload >= 0)
                {
                    parsed.Notifications.Add(payload);
                }
            }
        }
    }
}
