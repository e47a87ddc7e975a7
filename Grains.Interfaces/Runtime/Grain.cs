namespace OrleansRpc.Runtime;

/// <summary>
/// Base class of every grain. The runtime sets <see cref="GrainContext"/> right after construction,
/// before <see cref="OnActivateAsync"/>, and calls the grain one turn at a time.
/// </summary>
public abstract class Grain
{
    private IGrainContext? _context;

    public IGrainContext GrainContext
    {
        get => _context ?? throw new InvalidOperationException("This grain was not created by the grain runtime.");
        internal set => _context = value;
    }

    public IGrainFactory GrainFactory => GrainContext.GrainFactory;

    public string IdentityString => $"{GrainContext.GrainType.Name}/{GrainContext.Key}";

    public string GetPrimaryKeyString() => GrainContext.Key;

    public virtual Task OnActivateAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    public virtual Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken) => Task.CompletedTask;

    protected void DeactivateOnIdle() => GrainContext.DeactivateOnIdle();
}
