using OrleansRpc.Groups;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// This node's members of each group. A group's notification arrives here once per node (through
/// <see cref="GroupNodeGrain"/>) and is written to the members' sockets: no grain call per member.
/// </summary>
public sealed class LocalGroupMembers(ILocalConnections connections)
{
    private readonly object _lock = new();
    private readonly Dictionary<string, LocalGroup> _groups = new(StringComparer.Ordinal);
    private long _version;

    /// <returns>The group's members on this node now, for the group grain.</returns>
    public NodeMembers Add(string group, string connectionId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var local))
            {
                local = new LocalGroup(connections);
                _groups.Add(group, local);
            }

            local.Add(connectionId);
            return new NodeMembers(local.Count, ++_version);
        }
    }

    /// <returns>The group's members on this node now, for the group grain.</returns>
    public NodeMembers Remove(string group, string connectionId)
    {
        lock (_lock)
        {
            if (!_groups.TryGetValue(group, out var local))
            {
                return new NodeMembers(0, ++_version);
            }

            if (local.Remove(connectionId) && local.Count == 0)
            {
                _groups.Remove(group);
            }

            return new NodeMembers(local.Count, ++_version);
        }
    }

    public NodeMembers Count(string group)
    {
        lock (_lock)
        {
            return new NodeMembers(_groups.TryGetValue(group, out var local) ? local.Count : 0, _version);
        }
    }

    /// <summary>Queues the notification on this node's members of the group; false when it has none.</summary>
    /// <summary>
    /// Queues the notifications, in order, on this node's members of the group, looked up once for all of
    /// them. False when the group has no members here (any more): from the first notification that found
    /// none, the rest are not delivered. <paramref name="delivered"/> counts the deliveries made.
    /// </summary>
    public bool Deliver(string group, ServerNotification[] notifications, out long delivered)
    {
        LocalGroup? local;
        lock (_lock)
        {
            _groups.TryGetValue(group, out local);
        }

        delivered = 0;
        foreach (var notification in notifications)
        {
            var reached = local?.Deliver(notification) ?? 0;
            if (reached == 0)
            {
                return false;
            }

            delivered += reached;
        }

        return true;
    }

    private sealed class LocalGroup(ILocalConnections connections)
    {
        private static readonly Action<LocalGroup> s_runPasses = static group => group.RunPasses();

        private readonly Dictionary<string, ILocalConnection?> _members = new(StringComparer.Ordinal);
        private readonly object _passLock = new();
        private List<ILocalConnection> _due = [];
        private List<ILocalConnection>? _spare;
        private bool _passRunning;

        // What a delivery walks: rebuilt after a join or a leave, so that a notification costs no lookup
        // and no lock per member.
        private Member[]? _snapshot;

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
                _members[connectionId] = connections.Find(connectionId);
                _snapshot = null;
            }
        }

        public bool Remove(string connectionId)
        {
            lock (_members)
            {
                _snapshot = null;
                return _members.Remove(connectionId);
            }
        }

        /// <summary>
        /// Queues the notification on every member at once, in its place (a member that sent it gets it
        /// before its answer), and leaves the writing to the group's write pass: one pass at a time walks
        /// the members that were idle, and whatever is published while it runs is queued behind and leaves
        /// with it, in one flush per member. Under load a member then gets several frames per system call;
        /// an idle group still writes at once (one hop to the pool).
        /// </summary>
        public int Deliver(ServerNotification notification)
        {
            List<ILocalConnection>? due = null;
            var members = Snapshot();
            foreach (var member in members)
            {
                // Queuing on a socket never waits for it, so one slow member holds up nobody.
                if (member.Connection is { } connection)
                {
                    if (connection.TryQueue(notification, out var writeDue) && writeDue)
                    {
                        (due ??= TakeDueList()).Add(connection);
                    }
                }
                else
                {
                    // Joined before its socket was attached here: found by id each time.
                    connections.Send(member.Id, notification);
                }
            }

            if (due is not null)
            {
                HandToWritePass(due);
            }

            return members.Length;
        }

        private List<ILocalConnection> TakeDueList()
        {
            lock (_passLock)
            {
                var list = _spare ?? [];
                _spare = null;
                return list;
            }
        }

        private void HandToWritePass(List<ILocalConnection> due)
        {
            lock (_passLock)
            {
                if (_due.Count == 0)
                {
                    (_due, due) = (due, _due);
                    _spare ??= due;
                }
                else
                {
                    _due.AddRange(due);
                    due.Clear();
                    _spare ??= due;
                }

                if (_passRunning)
                {
                    return;
                }

                _passRunning = true;
            }

            ThreadPool.UnsafeQueueUserWorkItem(s_runPasses, this, preferLocal: false);
        }

        private void RunPasses()
        {
            var batch = new List<ILocalConnection>();
            while (true)
            {
                lock (_passLock)
                {
                    if (_due.Count == 0)
                    {
                        _passRunning = false;
                        return;
                    }

                    (_due, batch) = (batch, _due);
                }

                foreach (var connection in batch)
                {
                    connection.Write();
                }

                batch.Clear();
            }
        }

        private Member[] Snapshot()
        {
            lock (_members)
            {
                if (_snapshot is null)
                {
                    var snapshot = new Member[_members.Count];
                    var i = 0;
                    foreach (var (id, connection) in _members)
                    {
                        snapshot[i++] = new Member(id, connection);
                    }

                    _snapshot = snapshot;
                }

                return _snapshot;
            }
        }

        private readonly record struct Member(string Id, ILocalConnection? Connection);
    }
}
