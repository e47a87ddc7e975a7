namespace OrleansRpc.Gateway.Progress;

/// <summary>
/// Ids of calls with progress, unique on the node (and so in the cluster, since a connection's id names its
/// node): the reports of two calls on one grain's node never mix.
/// </summary>
internal static class ProgressCallIds
{
    private static long s_next;

    public static string Next(string connectionId) => $"{connectionId}/{Interlocked.Increment(ref s_next)}";
}
