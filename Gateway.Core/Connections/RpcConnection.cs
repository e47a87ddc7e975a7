using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Gateway.Enumerations;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// One client connection as the dispatcher sees it: who it is, and where a message's answer goes.
/// A WebSocket is one connection for its whole life; every HTTP request is a connection of its own.
/// </summary>
public abstract class RpcConnection
{
    private readonly CancellationToken _aborted;
    private GrainCallOrder? _callOrder;
    private CallCancellations? _cancellations;
    private ConnectionEnumerations? _enumerations;

    protected RpcConnection(RpcContext context, CancellationToken aborted)
    {
        Context = context;
        _aborted = aborted;
        Activity = System.Diagnostics.Activity.Current;
    }

    /// <summary>
    /// The HTTP request's activity (for a WebSocket, its upgrade request's), if it is traced: the parent of
    /// the connection's call activities, whatever thread reads the socket.
    /// </summary>
    internal System.Diagnostics.Activity? Activity { get; }

    public string Id => Context.ConnectionId;

    public RpcTransport Transport => Context.Transport;

    public RpcContext Context { get; private protected set; }

    /// <summary>Cancelled when the connection goes away; handed to methods that take a CancellationToken.</summary>
    public virtual CancellationToken Aborted => _aborted;

    /// <summary>The browser session's id from the session cookie; null when the connection has none.</summary>
    public string? SessionId => Context.SessionId;

    /// <summary>
    /// Gives a connection without a session one, before a call that needs it is bound: an HTTP request
    /// starts its session only then (ARCHITECTURE.md, "Sessions"). A WebSocket's was settled at its upgrade,
    /// the only response that can carry a cookie.
    /// </summary>
    internal virtual void StartSession()
    {
    }

    /// <summary>Keeps this connection's calls to each grain starting in arrival order.</summary>
    internal GrainCallOrder CallOrder => _callOrder ??= new GrainCallOrder();

    /// <summary>
    /// This connection's calls a client may cancel by id. Made by the first call that takes a
    /// <see cref="CancellationToken"/>, on the thread that reads the connection's messages.
    /// </summary>
    internal CallCancellations Cancellations => _cancellations ??= new CallCancellations();

    /// <summary>Cancels the call in progress with this id (its JSON text); false when there is none.</summary>
    internal bool TryCancel(string id) => _cancellations?.TryCancel(id) ?? false;

    /// <summary>
    /// The streamed results this connection is reading (ARCHITECTURE.md, "Streamed results"). Made by the
    /// first method that streams; read by the enumerator grain on this node.
    /// </summary>
    internal ConnectionEnumerations Enumerations
    {
        get
        {
            if (Volatile.Read(ref _enumerations) is { } open)
            {
                return open;
            }

            Interlocked.CompareExchange(ref _enumerations, new ConnectionEnumerations(), null);
            return _enumerations!;
        }
    }

    /// <summary>The streamed results, if a method has streamed on this connection.</summary>
    internal ConnectionEnumerations? OpenEnumerations => Volatile.Read(ref _enumerations);

    /// <summary>Whether the client last spoke JSON-RPC 1.0, so notifications go out in the 1.0 shape.</summary>
    public bool SpeaksVersion1 { get; set; }

    /// <summary>
    /// Queues a server notification in its place (before any answer queued after it), leaving the writing
    /// to the caller when <paramref name="writeDue"/> comes back true: a group's fan-out queues on every
    /// member first and writes later, so that what is published meanwhile leaves in the same flush. False
    /// when this kind of connection cannot carry a notification, or it is closed. Only
    /// <see cref="Delivery.NodeConnections"/> calls it: every notification for a socket goes through there.
    /// </summary>
    internal virtual bool TryQueue(NodeNotification notification, out bool writeDue)
    {
        writeDue = false;
        return false;
    }

    /// <summary>Writes what <see cref="TryQueue"/> left waiting.</summary>
    internal virtual void Write()
    {
    }

    /// <summary>
    /// Something failed on the connection's behalf where nobody awaits it (a call's completion on the thread
    /// pool): the connection alone ends, and the failure is logged once, rather than reaching the process.
    /// </summary>
    public abstract void Fault(Exception exception);

    /// <summary>
    /// Called exactly once per received message with its whole answer (a response, a batch of them, or
    /// null when there is nothing to answer). Takes ownership of the buffer. Only
    /// <see cref="Delivery.NodeConnections.Answer"/> calls it.
    /// </summary>
    internal abstract void OnMessageAnswered(PooledBufferWriter? answer);
}
