using System.Collections.Concurrent;
using Orleans.GrainDirectory;
using Orleans.Runtime;
using OrleansRpc.Grains.Placement;

namespace OrleansRpc.Grains.Directory;

/// <summary>
/// The grain directory of the grains that are bound to a node (<see cref="NodeLocalGrains"/>): each node
/// records its own activations of them and nobody else's, so finding one needs no peer. Orleans's default
/// directory keeps an entry in the partition of whichever node the grain's id hashes to; when that node
/// dies, a call to a grain that lives next to its caller waits on it, and fails, until the death is
/// declared (ARCHITECTURE.md, "A node's death").
/// </summary>
/// <remarks>
/// A lookup answers only for a key that names this node (a connection id, or a node's group delivery
/// grain): any other key, another node's connection or a stateless worker, is not found, and Orleans
/// places the call by the grain's placement, which names the node from the key (or, for a stateless
/// worker, the caller's). The caller caches where it sent it, as for any directory.
/// </remarks>
internal sealed class NodeLocalGrainDirectory(NodeTag node) : IGrainDirectory
{
    private readonly byte[] _node = System.Text.Encoding.UTF8.GetBytes(node.Value);

    /// <summary>The name grain types give to choose this directory (<see cref="GrainDirectoryAttribute"/>).</summary>
    public const string Name = "orleansrpc-node-local";

    private readonly ConcurrentDictionary<GrainId, GrainAddress> _activations = new();

    public int Count => _activations.Count;

    public Task<GrainAddress?> Register(GrainAddress address) =>
        Task.FromResult<GrainAddress?>(_activations.GetOrAdd(address.GrainId, address));

    public Task Unregister(GrainAddress address)
    {
        if (_activations.TryGetValue(address.GrainId, out var registered) && registered.Matches(address))
        {
            _activations.TryRemove(new KeyValuePair<GrainId, GrainAddress>(address.GrainId, registered));
        }

        return Task.CompletedTask;
    }

    public Task<GrainAddress?> Lookup(GrainId grainId)
    {
        // An activation of another node's key here is a stand-in made while that node was unknown or gone
        // (ConnectionPlacementDirector): not found, so that the call is placed by its key again.
        var found = NamesThisNode(grainId) && _activations.TryGetValue(grainId, out var address) ? address : null;
        return Task.FromResult(found);
    }

    public Task UnregisterSilos(List<SiloAddress> siloAddresses)
    {
        // Only this node's activations are here, and this node is alive while it runs this.
        return Task.CompletedTask;
    }

    /// <summary>Whether the key's node part (before its first dot, or the whole key) is this node's tag.</summary>
    private bool NamesThisNode(GrainId grainId)
    {
        var key = grainId.Key.AsSpan();
        var dot = key.IndexOf((byte)'.');
        return (dot < 0 ? key : key[..dot]).SequenceEqual(_node);
    }
}
