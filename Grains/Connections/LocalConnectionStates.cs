using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansRpc.Grains.Groups;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// The <see cref="ConnectionNodeState"/> of this node's open connections, dropped when they close. A
/// connection that closes while its grain is not active (never used, or deactivated by Orleans) still
/// leaves its groups, here.
/// </summary>
internal sealed class LocalConnectionStates(INodeConnections connections, IGrainFactory grains, ILogger<LocalConnectionStates> logger)
{
    private readonly ConcurrentDictionary<string, ConnectionNodeState> _states = new(StringComparer.Ordinal);

    internal ConnectionNodeState GetOrAdd(string connectionId) => _states.GetOrAdd(connectionId, static _ => new ConnectionNodeState());

    /// <summary>
    /// The connection has closed: it leaves every group it was in, off the closing thread (which may be in
    /// the middle of a write to the socket). Leaving twice is harmless (counts are absolute).
    /// </summary>
    public void Close(string connectionId)
    {
        if (_states.ContainsKey(connectionId))
        {
            _ = Task.Run(() => CloseAsync(connectionId, known: null));
        }
    }

    /// <param name="known">The state its grain holds, which may have changed after the close removed the entry.</param>
    /// <remarks>Completes once every group has counted the leave, whichever call took the groups.</remarks>
    internal async Task CloseAsync(string connectionId, ConnectionNodeState? known)
    {
        var state = _states.TryRemove(connectionId, out var removed) ? removed : known;
        if (state is null)
        {
            return;
        }

        string[] groups = [];
        var leaving = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Task? earlier;

        // The close of the socket (a pool thread) and the grain's deactivation (a grain turn) may both get
        // here: the lock only decides which takes the groups, and is never held across a call out.
        lock (state)
        {
            earlier = state.Closed;
            if (earlier is null)
            {
                groups = [.. state.Groups];
                state.Groups.Clear();
                state.Closed = leaving.Task;
            }
        }

        if (earlier is not null)
        {
            await earlier;
            return;
        }

        foreach (var group in groups)
        {
            try
            {
                await LeaveAsync(connectionId, group);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Connection {ConnectionId} could not leave group {Group}.", connectionId, group);
            }
        }

        leaving.SetResult();
    }

    /// <summary>Takes the connection out of the group: first from this node's delivery, then from the group's count.</summary>
    internal Task LeaveAsync(string connectionId, string group)
    {
        var node = connections.Leave(group, connectionId);
        return grains.GetGrain<IGroupMembershipGrain>(group).Leave(connectionId, node);
    }
}
