using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Runtime;

namespace OrleansRpc.Hosting;

/// <summary>
/// Lets a node join a cluster whose membership table still lists, as active, a node that was killed and
/// is gone. Orleans's joining silo first checks that it can reach every active silo and waits for the
/// others to declare an unreachable one dead; when there are no others (the only node was killed and a
/// new one starts, on another port), nobody ever does, and the new node waits until it gives up (five
/// minutes). Just before that check, this declares dead every active entry whose endpoint refuses a
/// TCP connection: nothing listens there, so the process is gone. An endpoint that does not answer at
/// all (a machine down, a network cut) is left to Orleans's own failure detection.
/// </summary>
internal sealed partial class DeadSiloSweeper(
    IMembershipTable table,
    ILocalSiloDetails local,
    IClusterMembershipService membership,
    ILogger<DeadSiloSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(2);

    public void Participate(ISiloLifecycle lifecycle) =>
        lifecycle.Subscribe(nameof(DeadSiloSweeper), ServiceLifecycleStage.ValidateInitialConnectivity - 1, SweepAsync, _ => Task.CompletedTask);

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var swept = false;
        var data = await table.ReadAllAsync(cancellationToken);
        foreach (var (entry, etag) in data.Members)
        {
            if (entry.Status != SiloStatus.Active || entry.SiloAddress.Equals(local.SiloAddress)
                || !await RefusesConnectionsAsync(entry.SiloAddress.Endpoint, cancellationToken))
            {
                continue;
            }

            // The entry was read for this alone: nothing else holds it.
            entry.Status = SiloStatus.Dead;
            entry.AddSuspector(local.SiloAddress, DateTime.UtcNow);
            if (await table.UpdateRowAsync(entry, etag, data.Version.Next(), cancellationToken))
            {
                LogDeclaredDead(logger, entry.SiloAddress);
                swept = true;
            }

            // Every update moves the table's version on.
            data = await table.ReadAllAsync(cancellationToken);
        }

        if (swept)
        {
            await membership.Refresh(default, cancellationToken);
        }
    }

    private static async Task<bool> RefusesConnectionsAsync(IPEndPoint endpoint, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(s_connectTimeout);
        try
        {
            await socket.ConnectAsync(endpoint, timeout.Token);
            return false;
        }
        catch (SocketException ex) when (ex.SocketErrorCode == SocketError.ConnectionRefused)
        {
            return true;
        }
        catch (Exception ex) when (ex is SocketException or OperationCanceledException && !cancellationToken.IsCancellationRequested)
        {
            return false;
        }
    }

    [LoggerMessage(1, LogLevel.Warning, "Silo {Silo} was listed as active but refuses connections: declared dead, so that this node can join.")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo);
}
