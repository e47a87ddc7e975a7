namespace OrleansRpc.AppHost;

/// <summary>What every node of the local cluster shares, wired here so that the user sets nothing.</summary>
public static class ClusterNode
{
    /// <summary>
    /// A Gateway or a Silo of the cluster: on <paramref name="redis"/>, which it waits for (a node that cannot
    /// reach Redis when it starts exits), with Orleans's activity propagation on, so that a call that crosses
    /// nodes is one trace in the dashboard.
    /// </summary>
    public static IResourceBuilder<ProjectResource> AsClusterNode(this IResourceBuilder<ProjectResource> node, IResourceBuilder<ExecutableResource> redis, string redisAddress) =>
        node.WithEnvironment("ConnectionStrings__Redis", redisAddress)
            .WithEnvironment("Tracing__Enabled", "true")
            .WaitFor(redis);
}
