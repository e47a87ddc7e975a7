using Orleans.Runtime;

namespace OrleansRpc.Grains.Placement;

/// <summary>
/// The nodes of the cluster by their tags, as this silo's view of Orleans's membership has them: which
/// are active (a group grain asks them for their members when it activates) and which Orleans has
/// declared dead (their connections are gone, so groups forget them). Rebuilt when the membership
/// version changes, read without a lock.
/// </summary>
public sealed class ClusterNodes(IClusterMembershipService membership)
{
    private volatile View _view = new(MembershipVersion.MinValue, [], []);

    /// <summary>The tags of the active nodes.</summary>
    public IReadOnlyCollection<string> Active => Current().Active;

    /// <summary>Whether Orleans has declared the node with this tag dead.</summary>
    public bool IsDead(string tag) => Current().Dead.Contains(tag);

    private View Current()
    {
        var view = _view;
        var snapshot = membership.CurrentSnapshot;
        if (snapshot.Version == view.Version)
        {
            return view;
        }

        var active = new HashSet<string>(StringComparer.Ordinal);
        var dead = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (silo, member) in snapshot.Members)
        {
            if (member.Status == SiloStatus.Active)
            {
                active.Add(NodeTag.Of(silo));
            }
            else if (member.Status == SiloStatus.Dead)
            {
                dead.Add(NodeTag.Of(silo));
            }
        }

        // A tag is a silo's address and generation, so a node that came back has a new one: no tag is both.
        return _view = new View(snapshot.Version, active, dead);
    }

    private sealed record View(MembershipVersion Version, HashSet<string> Active, HashSet<string> Dead);
}
