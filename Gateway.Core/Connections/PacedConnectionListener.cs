using System.Net;
using Microsoft.AspNetCore.Connections;

namespace OrleansRpc.Gateway.Connections;

/// <summary>
/// A Kestrel endpoint's listener that hands over the connections it accepts at the node's pace
/// (<see cref="ConnectionPacing"/>). Kestrel accepts one connection at a time per endpoint, so while a
/// connection waits here for its turn, the ones behind it wait in the kernel's listen backlog, unaccepted:
/// a herd costs the process one connection per endpoint, not one per client.
/// </summary>
internal sealed class PacedConnectionListener(IConnectionListener inner, ConnectionPacing pacing, ConnectionBudget budget) : IConnectionListener
{
    private readonly CancellationTokenSource _unbound = new();

    public EndPoint EndPoint => inner.EndPoint;

    public async ValueTask<ConnectionContext?> AcceptAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            var connection = await inner.AcceptAsync(cancellationToken);

            // One its budget refuses takes no turn: it is only let in to be refused.
            if (connection is null || budget.WouldRefuse(connection.RemoteEndPoint) || pacing.TryTakeTurn())
            {
                return connection;
            }

            try
            {
                // Until its turn, the endpoint is unbound, or the connection is known closed (reset by its client;
                // one whose client merely stopped waiting is found out at its turn, which it spends).
                using var wait = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, _unbound.Token, connection.ConnectionClosed);
                await pacing.WaitForTurnAsync(wait.Token);
                return connection;
            }
            catch (OperationCanceledException)
            {
                await connection.DisposeAsync();
                cancellationToken.ThrowIfCancellationRequested();
                if (_unbound.IsCancellationRequested)
                {
                    return null;
                }
            }
        }
    }

    public async ValueTask UnbindAsync(CancellationToken cancellationToken = default)
    {
        await _unbound.CancelAsync();
        await inner.UnbindAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        await inner.DisposeAsync();
        _unbound.Dispose();
    }
}
