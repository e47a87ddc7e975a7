using System.Text.Json;
using OrleansRpc.Connections;
using Microsoft.Extensions.Logging;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Groups;
using OrleansRpc.Notifications;
using OrleansRpc.Runtime;

namespace OrleansRpc.Grains.Connections;

/// <summary>
/// Kept alive while its socket is open, whatever the idle time: the gateway deactivates it when the socket
/// ends, and then it leaves its groups.
/// </summary>
[KeepAlive]
public sealed class ConnectionGrain(
    IConnectionDirectory directory,
    ILocalConnections connections,
    INotificationSerializer serializer,
    LocalGroupMembers localGroups,
    ILogger<ConnectionGrain> logger)
    : Grain, IConnectionGrain
{
    private readonly HashSet<string> _groups = new(StringComparer.Ordinal);
    private readonly Dictionary<string, JsonElement> _channelSession = new(StringComparer.Ordinal);
    private RpcConnectionInfo? _info;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _info = directory.TryGet(GetPrimaryKeyString(), out var info) ? info : null;
        if (_info is null)
        {
            // Called for a connection that is not open here (a late notification, say): the runtime lets
            // the activation serve the call, then it goes, rather than stay forever under [KeepAlive].
            DeactivateOnIdle();
        }

        return Task.CompletedTask;
    }

    public Task<RpcConnectionInfo?> GetInfo() => Task.FromResult(_info);

    public Task<bool> Notify(string method, object? parameters) =>
        Task.FromResult(connections.Send(GetPrimaryKeyString(), serializer.Serialize(method, parameters)));

    public async Task<bool> JoinGroup(string group)
    {
        GroupNames.Validate(group);
        if (_info is null)
        {
            throw new InvalidOperationException($"Connection {GetPrimaryKeyString()} is not open on this node.");
        }

        if (!_groups.Add(group))
        {
            return false;
        }

        // Delivery is routed first, so that once the group counts this member, it also reaches it.
        await localGroups.AddAsync(group, GetPrimaryKeyString());
        await GrainFactory.GetGrain<IGroupGrain>(group).Join(GetPrimaryKeyString());
        return true;
    }

    public async Task<bool> LeaveGroup(string group)
    {
        if (!_groups.Remove(group))
        {
            return false;
        }

        await LeaveAsync(group);
        return true;
    }

    public Task<IReadOnlyCollection<string>> GetGroups() => Task.FromResult<IReadOnlyCollection<string>>([.. _groups]);

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        foreach (var group in _groups)
        {
            try
            {
                await LeaveAsync(group);
            }
            catch (Exception ex)
            {
                logger.LogWarning(ex, "Connection {ConnectionId} could not leave group {Group}.", GetPrimaryKeyString(), group);
            }
        }

        _groups.Clear();
    }

    private async Task LeaveAsync(string group)
    {
        await localGroups.RemoveAsync(group, GetPrimaryKeyString());
        await GrainFactory.GetGrain<IGroupGrain>(group).Leave(GetPrimaryKeyString());
    }

    public Task SetSessionValue(string key, JsonElement value)
    {
        SessionValueLimits.Check(key, value, _channelSession.Count, !_channelSession.ContainsKey(key));
        if (value.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined)
        {
            _channelSession.Remove(key);
        }
        else
        {
            // Cloned so the value does not keep the request's buffer alive.
            _channelSession[key] = value.Clone();
        }

        return Task.CompletedTask;
    }

    public Task<JsonElement?> GetSessionValue(string key) =>
        Task.FromResult(_channelSession.TryGetValue(key, out var value) ? value : (JsonElement?)null);
}
