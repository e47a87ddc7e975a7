namespace OrleansRpc.Runtime;

/// <summary>
/// Activations of this grain class are never collected for being idle; they go only when deactivated
/// explicitly (as connection grains are when their socket ends).
/// </summary>
[AttributeUsage(AttributeTargets.Class)]
public sealed class KeepAliveAttribute : Attribute;
