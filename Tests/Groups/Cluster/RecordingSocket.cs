using System.Text;
using System.Threading.Channels;
using OrleansRpc.Connections;
using OrleansRpc.Notifications;

namespace OrleansRpc.Tests.Groups.Cluster;

/// <summary>One connection of <see cref="RecordingSockets"/>: what was queued on it, as JSON-RPC 2.0 text.</summary>
public sealed class RecordingSocket(RpcConnectionInfo info) : ILocalConnection
{
    private readonly Channel<string> _received = Channel.CreateUnbounded<string>();

    public RpcConnectionInfo Info { get; } = info;

    /// <summary>How many notifications were queued so far; read at once, with no waiting.</summary>
    public int Count => _received.Reader.Count;

    public bool TrySend(ServerNotification notification) =>
        _received.Writer.TryWrite(Encoding.UTF8.GetString(notification.Version2.Span));

    public bool TryQueue(ServerNotification notification, out bool writeDue)
    {
        writeDue = false;
        return TrySend(notification);
    }

    public void Write()
    {
    }

    public async Task<string> ReceiveAsync() =>
        await _received.Reader.ReadAsync().AsTask().WaitAsync(TimeSpan.FromSeconds(15));
}
