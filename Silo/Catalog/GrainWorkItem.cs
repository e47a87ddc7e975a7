using OrleansRpc.Runtime;

namespace OrleansRpc.Silo.Catalog;

/// <summary>
/// One call waiting for, or running in, an activation's turn. The runtime calls
/// <see cref="ExecuteAsync"/> inside the turn and <see cref="Complete"/> once the turn is over.
/// </summary>
public abstract class GrainWorkItem
{
    /// <summary>The call chain of the caller, so a call that comes back to a grain in it can interleave.</summary>
    internal CallChain? Chain { get; set; }

    /// <summary>Where the caller keeps the execution context of its last root call; null if it keeps none.</summary>
    public virtual TurnContextCache? ContextCache => null;

    /// <summary>True for calls that never wait behind other calls (<see cref="AlwaysInterleaveAttribute"/>).</summary>
    public virtual bool AlwaysInterleave => false;

    /// <summary>The turn: runs on the grain; the activation takes no other turn until the task completes.</summary>
    protected internal abstract Task ExecuteAsync(Grain grain);

    /// <summary>
    /// Called after the turn, or instead of it when the grain could not be activated. Must not block:
    /// the activation's next turn waits for it.
    /// </summary>
    protected internal abstract void Complete(Exception? error);
}
