using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Caps the TCP connections the server holds at once, HTTP and WebSocket alike, below the process's
/// file limit. Without it, the connection that takes the last file descriptor leaves the runtime unable
/// to start a thread, and the process dies ("Out of memory.") taking every client with it. Past the
/// budget a new connection is closed as soon as it is accepted; those already open carry on.
/// </summary>
public sealed class ConnectionBudget(long capacity, ILogger<ConnectionBudget> logger)
{
    private static readonly long s_logInterval = TimeSpan.FromSeconds(10).Ticks;
    private long _open;
    private long _refused;
    private long _lastLog = long.MinValue;
    private TaskCompletionSource? _released;

    /// <summary>Connections held at most; <see cref="long.MaxValue"/> when nothing limits them.</summary>
    public long Capacity { get; } = capacity;

    public long Open => Interlocked.Read(ref _open);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>Kestrel connection middleware: every accepted connection passes through it.</summary>
    public ConnectionDelegate Enforce(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > Capacity)
        {
            Interlocked.Decrement(ref _open);
            Refuse(connection);
            return;
        }

        try
        {
            await next(connection);
        }
        finally
        {
            Interlocked.Decrement(ref _open);
            Interlocked.Exchange(ref _released, null)?.TrySetResult();
        }
    };

    /// <summary>Completes when a connection that got in ends. Take it before reading <see cref="Open"/>, so no release is missed.</summary>
    public Task NextReleaseAsync()
    {
        var released = Volatile.Read(ref _released);
        if (released is null)
        {
            var created = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            released = Interlocked.CompareExchange(ref _released, created, null) ?? created;
        }

        return released.Task;
    }

    private void Refuse(ConnectionContext connection)
    {
        var refused = Interlocked.Increment(ref _refused);
        connection.Abort(new ConnectionAbortedException("The server holds as many connections as its file limit allows."));
        var now = DateTime.UtcNow.Ticks;
        var last = Interlocked.Read(ref _lastLog);
        if (now - last >= s_logInterval && Interlocked.CompareExchange(ref _lastLog, now, last) == last)
        {
            logger.LogWarning(
                "Refusing connections: {Open} are open, the budget is {Capacity} ({Refused} refused so far). Raise the file limit (ulimit -n) or lower JsonRpcOptions.ReservedFileDescriptors.",
                Open,
                Capacity,
                refused);
        }
    }
}
