using System.Net;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Diagnostics;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// Caps the TCP connections the server holds at once, HTTP and WebSocket alike, below the process's
/// file limit. Without it, the connection that takes the last file descriptor leaves the runtime unable
/// to start a thread, and the process dies ("Out of memory.") taking every client with it. Past the
/// budget a new connection is closed as soon as it is accepted; those already open carry on. One remote
/// address may hold at most <see cref="PerAddress"/> of them, so that no client takes the whole budget
/// with idle sockets.
/// </summary>
public sealed class ConnectionBudget(long capacity, int perAddress, ILogger<ConnectionBudget> logger)
{
    private readonly AddressCounts _byAddress = new();
    private long _open;
    private long _refused;
    private long _refusedForAddress;
    private readonly LogThrottle _refusals = new(TimeSpan.FromSeconds(10));
    private readonly LogThrottle _addressRefusals = new(TimeSpan.FromSeconds(10));

    public ConnectionBudget(long capacity, ILogger<ConnectionBudget> logger)
        : this(capacity, 0, logger)
    {
    }

    /// <summary>Connections held at most; <see cref="long.MaxValue"/> when nothing limits them.</summary>
    public long Capacity { get; } = capacity;

    /// <summary>Connections one remote address holds at most; zero or less: no limit.</summary>
    public int PerAddress { get; } = perAddress;

    /// <summary>Whether there is anything to enforce.</summary>
    public bool Enforces => Capacity != long.MaxValue || PerAddress > 0;

    /// <summary>Connections closed on accept because their address held as many as it may.</summary>
    public long RefusedForAddress => Interlocked.Read(ref _refusedForAddress);

    public long Open => Interlocked.Read(ref _open);

    public long Refused => Interlocked.Read(ref _refused);

    /// <summary>
    /// Whether <see cref="Enforce"/> would refuse a connection from <paramref name="remote"/> now: a read, for
    /// the node's pacing (<see cref="PacedConnectionListener"/>), which spends no turn on a connection that is
    /// only let in to be refused.
    /// </summary>
    public bool WouldRefuse(EndPoint? remote) =>
        Interlocked.Read(ref _open) >= Capacity
        || (PerAddress > 0 && remote is IPEndPoint { Address: var address } && _byAddress.IsFull(address, PerAddress));

    /// <summary>Kestrel connection middleware: every accepted connection passes through it.</summary>
    public ConnectionDelegate Enforce(ConnectionDelegate next) => async connection =>
    {
        var address = PerAddress > 0 ? (connection.RemoteEndPoint as IPEndPoint)?.Address : null;
        if (address is not null && !_byAddress.TryEnter(address, PerAddress))
        {
            RefuseForAddress(connection);
            return;
        }

        if (Interlocked.Increment(ref _open) > Capacity)
        {
            Interlocked.Decrement(ref _open);
            if (address is not null)
            {
                _byAddress.Exit(address);
            }

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
            if (address is not null)
            {
                _byAddress.Exit(address);
            }

        }
    };

    private void RefuseForAddress(ConnectionContext connection)
    {
        var refused = Interlocked.Increment(ref _refusedForAddress);
        connection.Abort(new ConnectionAbortedException("This address holds as many connections as it may."));

        // Information, at most every 10 s: one client's flood is no reason to fill the log.
        if (_addressRefusals.TryEnter())
        {
            logger.LogInformation(
                "Refusing connections from {Address}: it holds {PerAddress} (JsonRpcOptions.MaxConnectionsPerAddress; {Refused} refused so far).",
                (connection.RemoteEndPoint as IPEndPoint)?.Address,
                PerAddress,
                refused);
        }
    }

    private void Refuse(ConnectionContext connection)
    {
        var refused = Interlocked.Increment(ref _refused);
        connection.Abort(new ConnectionAbortedException("The server holds as many connections as its file limit allows."));
        if (_refusals.TryEnter())
        {
            logger.LogWarning(
                "Refusing connections: {Open} are open, the budget is {Capacity} ({Refused} refused so far). Raise the file limit (ulimit -n) or lower JsonRpcOptions.ReservedFileDescriptors.",
                Open,
                Capacity,
                refused);
        }
    }
}
