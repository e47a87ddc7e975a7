namespace OrleansRpc.Tests.Cluster.Chaos;

/// <summary>One fault the chaos run caused: what, to which node, when it began and when the cluster had recovered.</summary>
internal sealed class ChaosFault(string kind, string target, TimeSpan start)
{
    public const string Kill = "SIGKILL";
    public const string Terminate = "SIGTERM";
    public const string RedisRestart = "Redis restart";

    public string Kind { get; } = kind;

    /// <summary>The Gateway's address, "silo", or "redis".</summary>
    public string Target { get; } = target;

    public TimeSpan Start { get; } = start;

    /// <summary>
    /// When the node had left the cluster: its death declared (SIGKILL), or its process exited (SIGTERM).
    /// Until then the others still send it calls, which may or may not reach it.
    /// </summary>
    public TimeSpan Left { get; set; } = start;

    /// <summary>When the node was replaced (or Redis answered again) and the cluster was ready; max until then.</summary>
    public TimeSpan End { get; set; } = TimeSpan.MaxValue;

    /// <summary>From the fault to a survivor seeing the node dead; null when not a node's death.</summary>
    public TimeSpan? Detection { get; set; }

    public override string ToString() =>
        $"{Kind} {Target} at {Start.TotalSeconds:0.0} s" + (Detection is { } d ? $", declared dead {d.TotalSeconds:0.00} s later" : string.Empty)
        + (End != TimeSpan.MaxValue ? $", recovered at {End.TotalSeconds:0.0} s" : string.Empty);
}
