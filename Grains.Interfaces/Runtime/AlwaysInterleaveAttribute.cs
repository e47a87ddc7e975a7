namespace OrleansRpc.Runtime;

/// <summary>This interface method runs as soon as it arrives, interleaving with any call in progress.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class AlwaysInterleaveAttribute : Attribute;
