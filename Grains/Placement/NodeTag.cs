using System.Globalization;
using Orleans.Runtime;

namespace OrleansRpc.Grains.Placement;

/// <summary>
/// A node's short name in the cluster: the first part of the connection ids it issues and the key of its
/// group delivery grain. Taken from the silo's address and generation, so a restarted node has a new one
/// and ids of its previous life point nowhere.
/// </summary>
public sealed class NodeTag
{
    public NodeTag(ILocalSiloDetails silo) => Value = Of(silo.SiloAddress);

    public string Value { get; }

    public static string Of(SiloAddress silo) => silo.GetConsistentHashCode().ToString("x8", CultureInfo.InvariantCulture);

    /// <summary>The node part of a connection id (<c>{node}.{n}</c>), or the whole key when it has no dot.</summary>
    public static ReadOnlySpan<char> FromKey(ReadOnlySpan<char> key)
    {
        var dot = key.IndexOf('.');
        return dot < 0 ? key : key[..dot];
    }
}
