using OrleansRpc.Tests.Groups;

namespace OrleansRpc.Tests.Cluster;

/// <summary>The fan-out spec on a cluster of real processes: members on two Gateways, the group's grain on the headless Silo.</summary>
public sealed class ClusterGroupFanOutTests(ClusterFanOutBackend backend) : GroupFanOutSpec(backend), IClassFixture<ClusterFanOutBackend>;
