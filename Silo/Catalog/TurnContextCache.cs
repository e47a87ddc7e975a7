namespace OrleansRpc.Silo.Catalog;

/// <summary>
/// Remembers, for one caller (a client connection), the execution context its last root call ran its
/// turn in. A turn must carry its call chain in the execution context, and setting it makes a new
/// context every time; a connection's calls mostly start from the same context into the same grain, so
/// the context made for the last one is reused whenever the starting context is the very same object.
/// </summary>
public sealed class TurnContextCache
{
    private Entry? _last;

    /// <summary>Makes the current execution context carry the root call chain of <paramref name="activation"/>.</summary>
    internal void Enter(Activation activation)
    {
        var before = ExecutionContext.Capture();
        var last = Volatile.Read(ref _last);
        if (before is not null && last is not null && ReferenceEquals(last.Before, before) && ReferenceEquals(last.Activation, activation))
        {
            ExecutionContext.Restore(last.After);
            return;
        }

        CallChain.Current = activation.RootChain;
        if (before is not null && ExecutionContext.Capture() is { } after)
        {
            Volatile.Write(ref _last, new Entry(before, activation, after));
        }
    }

    // Immutable, so concurrent calls of one connection read a consistent trio or an older one.
    private sealed record Entry(ExecutionContext Before, Activation Activation, ExecutionContext After);
}
