using System.Text.Json;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using OrleansRpc.Connections;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Groups;
using OrleansRpc.Notifications;
using OrleansRpc.Rpc;
using OrleansRpc.Serialization;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// Lives on the node that holds the socket (<see cref="ConnectionPlacementAttribute"/>), kept alive while
/// the socket is open whatever the idle time: the gateway deactivates it when the socket ends, and then
/// it leaves its groups. Its groups and channel_session are kept on the node
/// (<see cref="LocalConnectionStates"/>), so that if Orleans deactivates it while the socket is open, the
/// next activation carries on. Activated for a connection that is not open on its node (a late
/// notification, or its node is gone), it acts closed and goes after that call.
/// </summary>
[ConnectionPlacement]
[KeepAlive]
internal sealed class ConnectionGrain(
    INodeConnections connections,
    LocalConnectionStates states,
    RpcSerializer serializer,
    IOptions<GroupOptions> groupOptions,
    ILogger<ConnectionGrain> logger)
    : Grain, IConnectionGrain
{
    private ConnectionNodeState _state = new();
    private RpcConnectionInfo? _info;

    private string Id => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _info = connections.TryGetInfo(Id, out var info) ? info : null;
        if (_info is not null)
        {
            _state = states.GetOrAdd(Id);
        }

        return Task.CompletedTask;
    }

    public Task<RpcConnectionInfo?> GetInfo()
    {
        GoIfClosed();
        return Task.FromResult(_info);
    }

    public Task<bool> Send(ServerNotification notification)
    {
        notification.Serialize(serializer.Options);
        GoIfClosed();
        return Task.FromResult(_info is not null && connections.Send(Id, notification));
    }

    public async Task<bool> JoinGroup(string group)
    {
        GroupNames.Validate(group);
        GoIfClosed();
        if (_info is null)
        {
            throw new InvalidOperationException($"Connection {Id} is not open on this node.");
        }

        // The close of the socket may be taking this state's groups on another thread; the lock is held
        // for a look-up and an add, never across a call out.
        lock (_state)
        {
            if (_state.Groups.Contains(group))
            {
                return false;
            }

            var max = groupOptions.Value.MaxGroupsPerConnection;
            if (_state.Groups.Count >= max)
            {
                throw new JsonRpcException(JsonRpcErrorCodes.InvalidParams, "Invalid params", new { reason = $"a connection is in at most {max} groups" });
            }

            _state.Groups.Add(group);
        }

        // Delivery is routed first, so that once the group counts this member, it also reaches it.
        var node = connections.Join(group, Id);
        await GrainFactory.GetGrain<IGroupMembershipGrain>(group).Join(Id, node);
        return true;
    }

    public async Task<bool> LeaveGroup(string group)
    {
        lock (_state)
        {
            if (!_state.Groups.Remove(group))
            {
                return false;
            }
        }

        await LeaveAsync(group);
        return true;
    }

    public Task<string[]> GetGroups()
    {
        lock (_state)
        {
            return Task.FromResult<string[]>([.. _state.Groups]);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (_info is null)
        {
            // It acted closed, and a closed connection joins nothing.
            return;
        }

        if (connections.TryGetInfo(Id, out _))
        {
            // The socket is open: Orleans took the activation, not the client. The next one carries on.
            logger.LogDebug("Connection {ConnectionId}'s grain deactivates with its socket open ({Reason}).", Id, reason);
            return;
        }

        await states.CloseAsync(Id, _state);
    }

    private Task LeaveAsync(string group) => states.LeaveAsync(Id, group);

    public Task SetSessionValue(string key, JsonElement value)
    {
        GoIfClosed();
        SessionValueLimits.Check(key, value, _state.ChannelSession);
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            _state.ChannelSession.Remove(key);
        }
        else
        {
            // Cloned so the value does not keep the request's buffer alive.
            _state.ChannelSession[key] = value.Clone();
        }

        return Task.CompletedTask;
    }

    public Task<JsonElement?> GetSessionValue(string key)
    {
        GoIfClosed();
        return Task.FromResult(_state.ChannelSession.TryGetValue(key, out var value) ? value : (JsonElement?)null);
    }

    // Serves the call, then goes: deactivating from OnActivateAsync would bounce the call that activated
    // it from one new activation to the next.
    private void GoIfClosed()
    {
        if (_info is null)
        {
            DeactivateOnIdle();
        }
    }
}
