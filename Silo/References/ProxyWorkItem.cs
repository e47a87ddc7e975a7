using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Silo.References;

/// <summary>A call made through a grain reference; its caller awaits <see cref="Task"/>.</summary>
internal sealed class ProxyWorkItem<TResult>(Func<Grain, object?[], Task<TResult>> invoke, object?[] args, bool alwaysInterleave)
    : GrainWorkItem
{
    // Continuations run asynchronously so that the caller's code never runs inside the callee's turn.
    private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Task<TResult>? _turn;

    public Task<TResult> Task => _completion.Task;

    public override bool AlwaysInterleave => alwaysInterleave;

    protected internal override Task ExecuteAsync(Grain grain) => _turn = invoke(grain, args);

    protected internal override void Complete(Exception? error)
    {
        if (error is OperationCanceledException canceled)
        {
            _completion.TrySetCanceled(canceled.CancellationToken);
        }
        else if (error is not null)
        {
            _completion.TrySetException(error);
        }
        else
        {
            _completion.TrySetResult(_turn!.Result);
        }
    }
}
