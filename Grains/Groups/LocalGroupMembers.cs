using OrleansRpc.Notifications;
using OrleansRpc.Streams;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// This node's members of each group. The node subscribes to a group's stream once, while it has members
/// of that group, and writes each notification to its members' sockets: no grain call per member.
/// </summary>
public sealed class LocalGroupMembers(IStreamProvider streams, ILocalConnections connections)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LocalGroup> _groups = new(StringComparer.Ordinal);

    public static string StreamId(string group) => "group/" + group;

    public async Task AddAsync(string group, string connectionId)
    {
        LocalGroup? created = null;
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var local))
            {
                local = created = new LocalGroup(connections);
                _groups.Add(group, local);
            }

            local.Add(connectionId);
        }

        if (created is not null)
        {
            created.Subscription = streams.GetStream<ServerNotification>(StreamId(group)).SubscribeAsync(created.DeliverAsync);
            await created.Subscription;
        }
    }

    public async Task RemoveAsync(string group, string connectionId)
    {
        LocalGroup? emptied = null;
        lock (_lock)
        {
            if (_groups.TryGetValue(group, out var local) && local.Remove(connectionId) && local.Count == 0)
            {
                _groups.Remove(group);
                emptied = local;
            }
        }

        if (emptied?.Subscription is { } subscription)
        {
            await (await subscription).DisposeAsync();
        }
    }

    private sealed class LocalGroup(ILocalConnections connections)
    {
        private readonly HashSet<string> _members = new(StringComparer.Ordinal);

        public Task<IAsyncDisposable>? Subscription { get; set; }

        public int Count
        {
            get
            {
                lock (_members)
                {
                    return _members.Count;
                }
            }
        }

        public void Add(string connectionId)
        {
            lock (_members)
            {
                _members.Add(connectionId);
            }
        }

        public bool Remove(string connectionId)
        {
            lock (_members)
            {
                return _members.Remove(connectionId);
            }
        }

        public Task DeliverAsync(ServerNotification notification, long sequence)
        {
            // Queuing on a socket never waits for it, so one slow member holds up nobody.
            lock (_members)
            {
                foreach (var member in _members)
                {
                    connections.Send(member, notification);
                }
            }

            return Task.CompletedTask;
        }
    }
}
