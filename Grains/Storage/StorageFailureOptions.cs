namespace OrleansRpc.Grains.Storage;

/// <summary>The exceptions by which this node's grain storage says it cannot be reached (see <see cref="StorageFailures"/>).</summary>
public sealed class StorageFailureOptions
{
    public ISet<Type> ExceptionTypes { get; } = new HashSet<Type>();
}
