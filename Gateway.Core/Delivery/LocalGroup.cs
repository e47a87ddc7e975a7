using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Delivery;

/// <summary>
/// This node's members of one group. A group's notification arrives once per node and is queued on every
/// member here: no grain call per member.
/// </summary>
internal sealed class LocalGroup
{
    private static readonly Action<LocalGroup> s_runPasses = static group => group.RunPasses();

    private readonly Dictionary<string, OpenConnection> _members = new(StringComparer.Ordinal);
    private readonly object _passLock = new();
    private List<RpcConnection> _due = [];
    private List<RpcConnection>? _spare;
    private bool _passRunning;

    // What a delivery walks: rebuilt after a join or a leave, so that a notification costs no lookup and
    // no lock per member.
    private OpenConnection[]? _snapshot;

    /// <remarks>Read under the node's groups lock, which every change of members also holds.</remarks>
    public int Count => _members.Count;

    /// <remarks>Called under the node's groups lock.</remarks>
    public void Add(string connectionId, OpenConnection connection)
    {
        lock (_members)
        {
            _members[connectionId] = connection;
            _snapshot = null;
        }
    }

    /// <remarks>Called under the node's groups lock.</remarks>
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
    /// before its answer), and leaves the writing to the group's write pass: one pass at a time walks the
    /// members that were idle, and whatever is published while it runs is queued behind and leaves with
    /// it, in one flush per member. Under load a member then gets several frames per system call; an idle
    /// group still writes at once (one hop to the pool).
    /// </summary>
    /// <returns>How many members it was queued on.</returns>
    public int Deliver(NodeNotification notification)
    {
        List<RpcConnection>? due = null;
        var members = Snapshot();
        foreach (var member in members)
        {
            // Queuing on a socket never waits for it, so one slow member holds up nobody. A member whose
            // socket is not attached yet (or any more) reaches nothing.
            if (member.Socket is { } socket && socket.TryQueue(notification, out var writeDue) && writeDue)
            {
                (due ??= TakeDueList()).Add(socket);
            }
        }

        if (due is not null)
        {
            HandToWritePass(due);
        }

        return members.Length;
    }

    private List<RpcConnection> TakeDueList()
    {
        lock (_passLock)
        {
            var list = _spare ?? [];
            _spare = null;
            return list;
        }
    }

    private void HandToWritePass(List<RpcConnection> due)
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
        var batch = new List<RpcConnection>();
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

    private OpenConnection[] Snapshot()
    {
        lock (_members)
        {
            if (_snapshot is null)
            {
                var snapshot = new OpenConnection[_members.Count];
                var i = 0;
                foreach (var connection in _members.Values)
                {
                    snapshot[i++] = connection;
                }

                _snapshot = snapshot;
            }

            return _snapshot;
        }
    }
}
