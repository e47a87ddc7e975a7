using Orleans.Runtime;

namespace OrleansRpc.Testing;

/// <summary>Barriers on Orleans's view of the cluster, for tests and benchmarks that start several nodes.</summary>
public static class ClusterMembershipBarrier
{
    /// <summary>
    /// Completes once this node's view of the cluster has at least <paramref name="count"/> active members:
    /// before then it may place and find grains by a directory the others do not share.
    /// </summary>
    public static async Task<bool> WhenActiveAsync(this IClusterMembershipService membership, int count)
    {
        await foreach (var snapshot in membership.MembershipUpdates)
        {
            var active = 0;
            foreach (var (_, member) in snapshot.Members)
            {
                active += member.Status == SiloStatus.Active ? 1 : 0;
            }

            if (active >= count)
            {
                return true;
            }
        }

        return false;
    }
}
