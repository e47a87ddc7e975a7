using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Concurrency;
using Orleans.Runtime;
using Orleans.Streams;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Groups;
using OrleansRpc.Notifications;
using OrleansRpc.Serialization;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Counts members per node and hands each notification to every node with members, one call each. The
/// counts are not stored, and need not be: the nodes hold the members themselves, so a group grain that
/// activates (after Orleans collected it for being idle, or after its node died) asks every active node
/// for its members of the group; and a node that Orleans declares dead is forgotten, with its connections.
/// </summary>
/// <remarks>
/// Reentrant, so that publishes arriving while a delivery is on its way to the nodes wait for the next
/// one instead of queuing behind it one by one: one delivery per node is on its way at a time, in order,
/// and carries everything published meanwhile. Without that, a group with members on another node sends
/// one notification per network round trip, whatever the number of publishers. Every method but
/// <see cref="Publish"/> runs without awaiting, so none sees another half done.
/// </remarks>
[Reentrant]
internal sealed class GroupGrain(IOptions<GroupOptions> options, ClusterNodes nodes, RpcSerializer serializer, GroupMetrics metrics, ILogger<GroupGrain> logger) : Grain, IGroupGrain, IGroupMembershipGrain
{
    // The newest count heard from each node; a node with none left stays, at zero, so that an older report
    // that arrives late cannot bring its members back.
    private readonly Dictionary<string, NodeMembers> _membersByNode = new(StringComparer.Ordinal);
    private int _nodesWithMembers;
    private IAsyncStream<ServerNotification>? _stream;
    private long _sequence;

    // Published and not yet on their way, and the task their publishers wait for.
    private readonly List<ServerNotification> _pending = [];
    private TaskCompletionSource? _pendingSent;
    private bool _sending;

    private string Name => this.GetPrimaryKeyString();

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GroupNames.Validate(Name);
        if (options.Value.PublishToStream)
        {
            _stream = this.GetStreamProvider(options.Value.StreamProvider)
                .GetStream<ServerNotification>(StreamId.Create(GroupStreams.Namespace, Name));
        }

        await CountMembersOnNodesAsync();
    }

    public Task Join(string connectionId, NodeMembers node)
    {
        Apply(NodeTag.FromKey(connectionId).ToString(), node);
        return Task.CompletedTask;
    }

    public Task Leave(string connectionId, NodeMembers node)
    {
        Apply(NodeTag.FromKey(connectionId).ToString(), node);
        DeactivateIfEmpty();
        return Task.CompletedTask;
    }

    public async Task<long> Publish(ServerNotification notification)
    {
        // Written once, here, for every node: the nodes and the stream get bytes.
        notification.Serialize(serializer.Options);
        var sequence = ++_sequence;
        metrics.Sent();
        _pending.Add(notification);
        var sent = _pendingSent ??= new TaskCompletionSource();
        if (!_sending)
        {
            _sending = true;
            _ = SendPendingAsync();
        }

        await sent.Task;
        return sequence;
    }

    /// <summary>Sends what is pending, in order, one batch at a time, until nothing is; its errors go to the batch's publishers.</summary>
    private async Task SendPendingAsync()
    {
        while (_pending.Count > 0)
        {
            var batch = _pending.ToArray();
            var sent = _pendingSent!;
            _pending.Clear();
            _pendingSent = null;
            try
            {
                await SendAsync(batch);
                sent.SetResult();
            }
            catch (Exception ex)
            {
                sent.SetException(ex);
            }
        }

        _sending = false;
        DeactivateIfEmpty();
    }

    private async Task SendAsync(ServerNotification[] batch)
    {
        ForgetDeadNodes();

        // Every node is reached before the publishes return, the caller's own included: a caller that is a
        // member has the notification queued on its socket before its answer.
        if (_nodesWithMembers == 1)
        {
            foreach (var (node, members) in _membersByNode)
            {
                if (members.Count > 0)
                {
                    await DeliverAsync(node, batch);
                    break;
                }
            }
        }
        else if (_nodesWithMembers > 1)
        {
            // Collected first: a delivery that finds a node empty changes the dictionary.
            var deliveries = new List<Task>(_nodesWithMembers);
            foreach (var (node, members) in _membersByNode)
            {
                if (members.Count > 0)
                {
                    deliveries.Add(DeliverAsync(node, batch));
                }
            }

            await Task.WhenAll(deliveries);
        }

        if (_stream is not null)
        {
            foreach (var notification in batch)
            {
                await _stream.OnNextAsync(notification);
            }
        }
    }

    private async Task DeliverAsync(string node, ServerNotification[] batch)
    {
        try
        {
            if (!await GrainFactory.GetGrain<IGroupNodeGrain>(node).Deliver(Name, batch)
                && _membersByNode.TryGetValue(node, out var members))
            {
                // Its members have all left there (their leaves are on their way) or the node is gone.
                Apply(node, members with { Count = 0 }, force: true);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Group {Group} could not deliver to node {Node}.", Name, node);
        }
    }

    /// <remarks>
    /// A member whose join is on its way while this runs may be counted twice (here and by its join): its
    /// node still gets every notification, and a node whose members have all gone answers so and is
    /// forgotten.
    /// </remarks>
    private async Task CountMembersOnNodesAsync()
    {
        // A node that does not answer now is one Orleans will soon declare dead.
        var reports = await GroupNodeCounts.AskAsync(GrainFactory, nodes, Name, (node, ex) =>
            logger.LogWarning(ex, "Group {Group} could not count its members on node {Node}.", Name, node));
        foreach (var (node, members) in reports)
        {
            Apply(node, members);
        }
    }

    private void ForgetDeadNodes()
    {
        if (_nodesWithMembers == 0)
        {
            return;
        }

        List<string>? dead = null;
        foreach (var node in _membersByNode.Keys)
        {
            if (nodes.IsDead(node))
            {
                (dead ??= []).Add(node);
            }
        }

        if (dead is not null)
        {
            foreach (var node in dead)
            {
                if (_membersByNode.Remove(node, out var members) && members.Count > 0)
                {
                    _nodesWithMembers--;
                }
            }
        }
    }

    /// <summary>
    /// A group nobody is in goes at once, rather than at Orleans's idle collection: groups are made and
    /// left all the time (one per chat room, per document), and none should linger; nor should the groups
    /// a client sends to by the thousand without joining them (ARCHITECTURE.md, "Bounds"); counting one
    /// activates it not at all (<see cref="GroupCountGrain"/>). A join after a send simply activates it again.
    /// </summary>
    private void DeactivateIfEmpty()
    {
        if (_nodesWithMembers == 0)
        {
            DeactivateOnIdle();
        }
    }

    /// <summary>Keeps a node's report if it is newer than the one held (or <paramref name="force"/>d).</summary>
    private void Apply(string node, NodeMembers members, bool force = false)
    {
        var had = _membersByNode.TryGetValue(node, out var held);
        if (had && !force && members.Version <= held.Version)
        {
            return;
        }

        _membersByNode[node] = members;
        _nodesWithMembers += (members.Count > 0 ? 1 : 0) - (had && held.Count > 0 ? 1 : 0);
    }
}
