using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using OrleansRpc.Gateway.Diagnostics;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// At most <see cref="Hosting.JsonRpcOptions.MaxOpeningConnections"/> connections are being opened at once,
/// node-wide: from their first bytes until their first answer (a WebSocket's first JSON-RPC answer, an HTTP
/// request's start), or <see cref="Hosting.JsonRpcOptions.MaxOpeningTime"/>; a WebSocket puts its turn down
/// while the server waits for its client's first message (<see cref="ConnectionOpening"/>). A connection past them waits,
/// accepted and unread, for a turn. A herd of clients reconnecting at once (the clients of a node that died)
/// is then let in as fast as the node opens connections, never more at a time: the work queued ahead of the
/// connections already open stays that of a few openings, where all of the herd's handshakes, sessions,
/// connection grains and first calls would queue at once without it (ARCHITECTURE.md, "Bounds";
/// Benchmarks/Findings.md, "The reconnect storm: a few openings at a time"). A connection that has sent
/// nothing takes no turn; one that stops after its first bytes keeps its turn no longer than the time limit,
/// which is why this is the operator's to turn on (it is off by default).
/// </summary>
internal sealed class ConnectionOpenings : IDisposable
{
    private readonly SemaphoreSlim? _turns;
    private readonly ILogger<ConnectionOpenings> _logger;
    private readonly LogThrottle _log = new(TimeSpan.FromSeconds(10));
    private int _waiting;

    /// <param name="limit">Connections opened at once; zero or less: no limit.</param>
    public ConnectionOpenings(int limit, TimeSpan maxOpeningTime, ILogger<ConnectionOpenings> logger)
    {
        Limit = limit;
        MaxOpeningTime = maxOpeningTime;
        _logger = logger;
        if (limit > 0)
        {
            _turns = new SemaphoreSlim(limit, limit);
        }
    }

    public int Limit { get; }

    public TimeSpan MaxOpeningTime { get; }

    public bool Limits => _turns is not null;

    /// <summary>Kestrel connection middleware: every accepted connection passes through it.</summary>
    public ConnectionDelegate Enforce(ConnectionDelegate next) => async connection =>
    {
        ConnectionOpening opening;
        try
        {
            // Its first bytes, left unread for the server: a connection that sends nothing costs no turn.
            var input = connection.Transport.Input;
            var first = await input.ReadAsync(connection.ConnectionClosed);
            input.AdvanceTo(first.Buffer.Start);
            if (first.Buffer.IsEmpty)
            {
                return;
            }

            if (!_turns!.Wait(0))
            {
                Interlocked.Increment(ref _waiting);
                Waiting();
                try
                {
                    await _turns.WaitAsync(connection.ConnectionClosed);
                }
                finally
                {
                    Interlocked.Decrement(ref _waiting);
                }
            }

            opening = new ConnectionOpening(_turns, MaxOpeningTime);
        }
        catch (OperationCanceledException)
        {
            // Closed by its client while it waited.
            return;
        }

        connection.Features.Set(opening);
        try
        {
            await next(connection);
        }
        finally
        {
            opening.End();
        }
    };

    /// <summary>Information, at most every 10 s: a herd is what the limit is for, and no reason to fill the log.</summary>
    private void Waiting()
    {
        if (_log.TryEnter())
        {
            _logger.LogInformation(
                "New connections arrive faster than the node opens them: they wait for one of {Limit} turns (JsonRpcOptions.MaxOpeningConnections; {Waiting} waiting).",
                Limit,
                Volatile.Read(ref _waiting));
        }
    }

    public void Dispose() => _turns?.Dispose();
}
