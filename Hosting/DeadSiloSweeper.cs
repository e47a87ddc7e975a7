using System.Net;
using System.Net.Sockets;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using Orleans.Runtime;

namespace OrleansRpc.Hosting;

/// <summary>
/// Votes a node dead, through Orleans's own membership table, as soon as its silo port refuses TCP
/// connections: nothing listens there, so its process is gone (crashed, killed). Orleans's probes need
/// several missed rounds (6.5 s with the defaults) because they cannot tell a dead process from a slow
/// one; a refused connection can. A node that is alive but slow (stopped, overloaded, in a long GC) still
/// holds its port, and the kernel completes the connection, so it is left to Orleans's probes, as is one
/// that does not answer at all (a machine down, a network cut).
/// <list type="bullet">
/// <item>At start-up, just before Orleans checks that it can reach every active silo: a killed node that
/// was the only other one would otherwise never be declared dead, and the new node would wait until it
/// gave up (five minutes).</item>
/// <item>While running, every <see cref="SiloConfiguration.DeadNodeCheckPeriodKey"/> (half a second): a
/// node refused twice in a row gets this node's vote, with the time, as an Orleans probe's would; the vote
/// that makes Orleans's <see cref="ClusterMembershipOptions.NumVotesForDeathDeclaration"/> fresh votes (or
/// every other active node's, when there are fewer) declares it dead through Orleans's membership
/// (<see cref="IClusterMembershipService.TryKill"/>), which gossips the death to every node.</item>
/// </list>
/// </summary>
internal sealed partial class DeadSiloSweeper(
    IMembershipTable table,
    ILocalSiloDetails local,
    IClusterMembershipService membership,
    IOptions<ClusterMembershipOptions> options,
    TimeSpan checkPeriod,
    ILogger<DeadSiloSweeper> logger) : ILifecycleParticipant<ISiloLifecycle>
{
    private static readonly TimeSpan s_connectTimeout = TimeSpan.FromSeconds(2);

    // Refusals in a row, by node: one could be a port between two listeners (a restart); two are not.
    private readonly Dictionary<SiloAddress, int> _refusals = [];
    private CancellationTokenSource? _stopping;
    private Task? _watching;

    public void Participate(ISiloLifecycle lifecycle)
    {
        lifecycle.Subscribe(nameof(DeadSiloSweeper), ServiceLifecycleStage.ValidateInitialConnectivity - 1, SweepAsync, _ => Task.CompletedTask);
        if (checkPeriod > TimeSpan.Zero)
        {
            lifecycle.Subscribe(nameof(DeadSiloSweeper), ServiceLifecycleStage.Active, StartWatching, StopWatchingAsync);
        }
    }

    private async Task SweepAsync(CancellationToken cancellationToken)
    {
        var swept = false;
        var data = await table.ReadAllAsync(cancellationToken);
        foreach (var (entry, etag) in data.Members)
        {
            if (entry.Status != SiloStatus.Active || entry.SiloAddress.Equals(local.SiloAddress)
                || !await RefusesConnectionsAsync(entry.SiloAddress.Endpoint, s_connectTimeout, cancellationToken))
            {
                continue;
            }

            // The entry was read for this alone: nothing else holds it.
            entry.Status = SiloStatus.Dead;
            entry.AddSuspector(local.SiloAddress, DateTime.UtcNow);
            if (await table.UpdateRowAsync(entry, etag, data.Version.Next(), cancellationToken))
            {
                LogDeclaredDeadAtStart(logger, entry.SiloAddress);
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

    private Task StartWatching(CancellationToken cancellationToken)
    {
        _stopping = new CancellationTokenSource();
        _watching = Task.Run(() => WatchAsync(_stopping.Token), CancellationToken.None);
        return Task.CompletedTask;
    }

    private async Task StopWatchingAsync(CancellationToken cancellationToken)
    {
        if (_stopping is null)
        {
            return;
        }

        await _stopping.CancelAsync();
        await _watching!.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _stopping.Dispose();
    }

    private async Task WatchAsync(CancellationToken stopping)
    {
        using var timer = new PeriodicTimer(checkPeriod);
        try
        {
            while (await timer.WaitForNextTickAsync(stopping))
            {
                try
                {
                    await CheckActiveNodesAsync(stopping);
                }
                catch (Exception ex) when (!stopping.IsCancellationRequested)
                {
                    // The table may be out of reach (Redis down): Orleans's probes still run, and so does the next check.
                    LogCheckFailed(logger, ex);
                }
            }
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
        }
    }

    private async Task CheckActiveNodesAsync(CancellationToken stopping)
    {
        foreach (var member in membership.CurrentSnapshot.Members.Values)
        {
            if (member.Status != SiloStatus.Active || member.SiloAddress.Equals(local.SiloAddress))
            {
                continue;
            }

            // A peer that is up completes the connection at once; one that does not answer within the
            // period is not judged here.
            if (!await RefusesConnectionsAsync(member.SiloAddress.Endpoint, checkPeriod, stopping))
            {
                _refusals.Remove(member.SiloAddress);
                continue;
            }

            var refusals = _refusals[member.SiloAddress] = _refusals.GetValueOrDefault(member.SiloAddress) + 1;
            if (refusals >= 2)
            {
                await VoteDeadAsync(member.SiloAddress, stopping);
            }
        }

        // Forget nodes that have gone from the active set.
        foreach (var silo in _refusals.Keys.ToArray())
        {
            if (!membership.CurrentSnapshot.Members.TryGetValue(silo, out var member) || member.Status != SiloStatus.Active)
            {
                _refusals.Remove(silo);
            }
        }
    }

    /// <summary>Adds this node's vote, as Orleans's membership agent would for a missed probe, or declares the node dead when it is the vote that makes enough.</summary>
    private async Task VoteDeadAsync(SiloAddress silo, CancellationToken cancellationToken)
    {
        var data = await table.ReadAllAsync(cancellationToken);
        var row = data.Members.FirstOrDefault(m => m.Item1.SiloAddress.Equals(silo));
        if (row is null || row.Item1.Status != SiloStatus.Active)
        {
            return;
        }

        var (entry, etag) = row;
        var now = DateTime.UtcNow;
        var settings = options.Value;
        entry.AddOrUpdateSuspector(local.SiloAddress, now, settings.NumVotesForDeathDeclaration);
        var fresh = entry.SuspectTimes?.Count(vote => now - vote.Item2 < settings.DeathVoteExpirationTimeout) ?? 0;
        var others = data.Members.Count(m => m.Item1.Status == SiloStatus.Active && !m.Item1.SiloAddress.Equals(silo));
        var needed = Math.Max(1, Math.Min(settings.NumVotesForDeathDeclaration, others));
        if (fresh >= needed)
        {
            // Declared through Orleans's membership, which writes it and gossips it to every node at once: a
            // node that learnt of the death only at its next table read would go on routing to the dead one.
            if (await membership.TryKill(silo))
            {
                LogDeclaredDead(logger, silo, fresh);
                _refusals.Remove(silo);
            }

            return;
        }

        // Not enough votes yet: this one is recorded, as Orleans's agent records a missed probe's. A write
        // that loses to another (an etag conflict) is voted again at the next check.
        await table.UpdateRowAsync(entry, etag, data.Version.Next(), cancellationToken);
    }

    private static async Task<bool> RefusesConnectionsAsync(IPEndPoint endpoint, TimeSpan timeout, CancellationToken cancellationToken)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        using var patience = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        patience.CancelAfter(timeout);
        try
        {
            await socket.ConnectAsync(endpoint, patience.Token);
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
    private static partial void LogDeclaredDeadAtStart(ILogger logger, SiloAddress silo);

    [LoggerMessage(2, LogLevel.Warning, "Silo {Silo} refuses connections: its process is gone. Declared dead with {Votes} vote(s).")]
    private static partial void LogDeclaredDead(ILogger logger, SiloAddress silo, int votes);

    [LoggerMessage(3, LogLevel.Debug, "The check for nodes that refuse connections failed; it runs again.")]
    private static partial void LogCheckFailed(ILogger logger, Exception exception);
}
