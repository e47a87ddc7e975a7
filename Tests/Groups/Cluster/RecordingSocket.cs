using System.Security.Claims;
using System.Text;
using System.Threading.Channels;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>
/// One connection of <see cref="RecordingSockets"/>, standing where a WebSocket would: the gateway's own
/// delivery queues on it, and it keeps what was queued, as JSON-RPC 2.0 text.
/// </summary>
public sealed class RecordingSocket(string connectionId)
    : RpcConnection(new RpcContext(connectionId, RpcTransport.WebSocket, new ClaimsPrincipal(new ClaimsIdentity()), null, null, null!), CancellationToken.None)
{
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();

    /// <summary>How many notifications were queued so far; read at once, with no waiting.</summary>
    public int Count => _received.Reader.Count;

    internal override bool TryQueue(NodeNotification notification, out bool writeDue)
    {
        writeDue = false;
        return _received.Writer.TryWrite(Encoding.UTF8.GetString(notification.Version2.Span));
    }

    public override void Fault(Exception exception) => _received.Writer.TryComplete(exception);

    internal override void OnMessageAnswered(PooledBufferWriter? answer) => answer?.Dispose();

    public async Task<string> ReceiveAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
}
