using OrleansRpc.Groups;
using OrleansRpc.Notifications;
using OrleansRpc.Runtime;
using OrleansRpc.Streams;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Never collected for being idle while it has members (its membership lives here); it deactivates
/// itself as soon as it has none.
/// </summary>
[KeepAlive]
public sealed class GroupGrain(IStreamProvider streams, INotificationSerializer serializer) : Grain, IGroupGrain
{
    private readonly HashSet<string> _members = new(StringComparer.Ordinal);
    private IAsyncStream<ServerNotification>? _stream;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GroupNames.Validate(GetPrimaryKeyString());
        _stream = streams.GetStream<ServerNotification>(LocalGroupMembers.StreamId(GetPrimaryKeyString()));
        return Task.CompletedTask;
    }

    public Task<bool> Join(string connectionId) => Task.FromResult(_members.Add(connectionId));

    public Task<bool> Leave(string connectionId)
    {
        var left = _members.Remove(connectionId);
        DeactivateIfEmpty();
        return Task.FromResult(left);
    }

    public Task<int> Count()
    {
        DeactivateIfEmpty();
        return Task.FromResult(_members.Count);
    }

    public async Task<long> Notify(string method, object? parameters)
    {
        // Serialized once, here; every gateway with members writes these same bytes to its sockets.
        var sequence = await _stream!.OnNextAsync(serializer.Serialize(method, parameters));
        DeactivateIfEmpty();
        return sequence;
    }

    private void DeactivateIfEmpty()
    {
        if (_members.Count == 0)
        {
            DeactivateOnIdle();
        }
    }
}
