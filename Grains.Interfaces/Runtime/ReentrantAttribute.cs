namespace OrleansRpc.Runtime;

/// <summary>The grain class's calls may interleave: a new call can start while another awaits.</summary>
[AttributeUsage(AttributeTargets.Class, Inherited = true)]
public sealed class ReentrantAttribute : Attribute;
