using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Runtime;
using Orleans.Streams;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Groups;
using OrleansRpc.Notifications;

namespace OrleansRpc.Grains.Groups;

/// <summary>
/// Counts members per node and hands each notification to every node with members, one call each.
/// Never collected for being idle while it has members (its membership lives here); it deactivates itself
/// as soon as it has none.
/// </summary>
[KeepAlive]
public sealed class GroupGrain(IOptions<GroupOptions> options, ILogger<GroupGrain> logger) : Grain, IGroupGrain
{
    private readonly Dictionary<string, int> _membersByNode = new(StringComparer.Ordinal);
    private IAsyncStream<ServerNotification>? _stream;
    private long _sequence;

    private string Name => this.GetPrimaryKeyString();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        GroupNames.Validate(Name);
        if (options.Value.PublishToStream)
        {
            _stream = this.GetStreamProvider(options.Value.StreamProvider)
                .GetStream<ServerNotification>(StreamId.Create(GroupStreams.Namespace, Name));
        }

        return Task.CompletedTask;
    }

    public Task Join(string connectionId)
    {
        var node = NodeTag.FromKey(connectionId).ToString();
        _membersByNode[node] = _membersByNode.GetValueOrDefault(node) + 1;
        return Task.CompletedTask;
    }

    public Task Leave(string connectionId)
    {
        var node = NodeTag.FromKey(connectionId).ToString();
        if (_membersByNode.TryGetValue(node, out var count))
        {
            if (count > 1)
            {
                _membersByNode[node] = count - 1;
            }
            else
            {
                _membersByNode.Remove(node);
            }
        }

        DeactivateIfEmpty();
        return Task.CompletedTask;
    }

    public Task<int> Count()
    {
        var total = 0;
        foreach (var count in _membersByNode.Values)
        {
            total += count;
        }

        DeactivateIfEmpty();
        return Task.FromResult(total);
    }

    public async Task<long> Publish(ServerNotification notification)
    {
        var sequence = ++_sequence;

        // Every node is reached before the send returns, the caller's own included: a caller that is a
        // member has the notification queued on its socket before its answer.
        if (_membersByNode.Count == 1)
        {
            string? only = null;
            foreach (var node in _membersByNode.Keys)
            {
                only = node;
            }

            await DeliverAsync(only!, notification);
        }
        else if (_membersByNode.Count > 1)
        {
            // A copy of the keys: a delivery that finds a node empty removes it.
            var nodes = _membersByNode.Keys.ToArray();
            var deliveries = new Task[nodes.Length];
            for (var i = 0; i < nodes.Length; i++)
            {
                deliveries[i] = DeliverAsync(nodes[i], notification);
            }

            await Task.WhenAll(deliveries);
        }

        if (_stream is not null)
        {
            await _stream.OnNextAsync(notification);
        }

        DeactivateIfEmpty();
        return sequence;
    }

    private async Task DeliverAsync(string node, ServerNotification notification)
    {
        try
        {
            if (!await GrainFactory.GetGrain<IGroupNodeGrain>(node).Deliver(Name, notification))
            {
                // Its members have all left there (their leaves are on their way) or the node is gone.
                _membersByNode.Remove(node);
            }
        }
        catch (Exception ex)
        {
            logger.LogWarning(ex, "Group {Group} could not deliver to node {Node}.", Name, node);
        }
    }

    private void DeactivateIfEmpty()
    {
        if (_membersByNode.Count == 0)
        {
            DeactivateOnIdle();
        }
    }
}
