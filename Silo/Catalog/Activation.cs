using Microsoft.Extensions.Logging;
using OrleansRpc.Runtime;

namespace OrleansRpc.Silo.Catalog;

/// <summary>
/// One activation of a grain: its instance, its queue of calls and its lifecycle. Calls run one turn at a
/// time in arrival order; a call that interleaves (reentrant grain, [AlwaysInterleave], or a call back
/// into a grain already in the call chain) starts at once. Whoever finds the activation idle runs the
/// turn on its own thread, so a call that completes synchronously costs no thread hop.
/// </summary>
internal sealed class Activation : IGrainContext
{
    private readonly GrainClass _grainClass;
    // Also the activation's lock: an activation lives as long as its connection, and a lock object more
    // would be paid by every idle one.
    private readonly Queue<GrainWorkItem> _queue = new();
    private TaskCompletionSource? _deactivated;
    private bool _gone;
    private ActivationState _state;
    private bool _pumping;
    private int _interleaved;
    private TaskCompletionSource? _interleavedDrained;
    private DeactivationReason? _pendingDeactivation;
    private Grain? _grain;
    private long _lastActiveTicks;
    private readonly TaskScheduler? _reentrantScheduler;

    // An activation serves at least one call before it goes, even if it asked to go while activating:
    // otherwise its queued calls could bounce from one new activation to the next forever.
    private bool _servedAny;
    private CallChain? _rootChain;

    public Activation(GrainClass grainClass, string key)
    {
        _grainClass = grainClass;
        Key = key;
        _reentrantScheduler = grainClass.IsReentrant ? new ConcurrentExclusiveSchedulerPair().ExclusiveScheduler : null;
        _lastActiveTicks = Environment.TickCount64;
    }

    public Type GrainType => _grainClass.Type;

    /// <summary>The chain of a call that comes from outside any grain; the same for every such call.</summary>
    internal CallChain RootChain => _rootChain ??= new CallChain(this, null);

    public string Key { get; }

    public IGrainFactory GrainFactory => _grainClass.Catalog.GrainFactory;

    /// <summary>Completes once the activation is gone and no longer in the catalog.</summary>
    /// <remarks>Made when first asked for: most activations are never waited for.</remarks>
    public Task Deactivated
    {
        get
        {
            lock (_queue)
            {
                return _gone ? Task.CompletedTask : (_deactivated ??= new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
            }
        }
    }

    public void DeactivateOnIdle()
    {
        lock (_queue)
        {
            _pendingDeactivation ??= new DeactivationReason(DeactivationReasonCode.ApplicationRequested, "DeactivateOnIdle was called.");
        }
    }

    /// <summary>Queues or starts the call; false when the activation is deactivating and the caller must retry.</summary>
    public bool TryEnqueue(GrainWorkItem item)
    {
        var chain = CallChain.Current;
        item.Chain = chain;
        bool interleave;
        GrainWorkItem? first = null;
        lock (_queue)
        {
            if (_state >= ActivationState.Deactivating)
            {
                return false;
            }

            interleave = _state == ActivationState.Valid
                && (item.AlwaysInterleave || _grainClass.IsReentrant || CallChain.Contains(chain, this));
            if (interleave)
            {
                _interleaved++;
            }
            else if (_pumping)
            {
                _queue.Enqueue(item);
                return true;
            }
            else
            {
                _pumping = true;
                if (_state == ActivationState.Valid && _queue.Count == 0 && _interleaved == 0 && _pendingDeactivation is null)
                {
                    // An idle activation with nothing to wait for: the call is its next turn, and going
                    // through the queue would only cost another lock.
                    first = item;
                }
                else
                {
                    _queue.Enqueue(item);
                }
            }
        }

        _ = interleave ? RunInterleavedAsync(item) : PumpAsync(first);
        return true;
    }

    /// <summary>Deactivates the activation if it has had nothing to do since <paramref name="idleSinceTicks"/>.</summary>
    public bool TryCollect(long idleSinceTicks)
    {
        lock (_queue)
        {
            if (_state != ActivationState.Valid || _pumping || _interleaved > 0 || _queue.Count > 0 || _lastActiveTicks > idleSinceTicks)
            {
                return false;
            }

            _pumping = true;
            _pendingDeactivation ??= new DeactivationReason(DeactivationReasonCode.ActivationIdle, "The activation was idle.");
        }

        _ = PumpAsync();
        return true;
    }

    /// <summary>Deactivates after the turn in progress; calls still queued go to a new activation.</summary>
    public Task DeactivateAsync(DeactivationReason reason)
    {
        bool start;
        lock (_queue)
        {
            if (_state >= ActivationState.Deactivating)
            {
                return Deactivated;
            }

            _pendingDeactivation ??= reason;
            start = !_pumping;
            _pumping = true;
        }

        if (start)
        {
            _ = PumpAsync();
        }

        return Deactivated;
    }

    /// <param name="first">A call to run before looking at the queue, found idle and valid by <see cref="TryEnqueue"/>.</param>
    private async Task PumpAsync(GrainWorkItem? first = null)
    {
        if (first is not null)
        {
            _servedAny = true;
            await RunAsync(first);
        }
        else if (_state == ActivationState.Created && !await ActivateAsync())
        {
            return;
        }

        while (true)
        {
            GrainWorkItem? item = null;
            DeactivationReason? deactivate = null;
            Task? drain = null;
            var interleave = false;
            lock (_queue)
            {
                if (_pendingDeactivation is { } reason && (_servedAny || _queue.Count == 0))
                {
                    deactivate = reason;
                    _state = ActivationState.Deactivating;
                }
                else if (_queue.Count == 0)
                {
                    _pumping = false;
                    _lastActiveTicks = Environment.TickCount64;
                    return;
                }
                else if (_grainClass.IsReentrant || _queue.Peek().AlwaysInterleave)
                {
                    // Queued while the grain was activating; such calls do not wait for each other.
                    item = _queue.Dequeue();
                    _interleaved++;
                    interleave = true;
                }
                else if (_interleaved > 0)
                {
                    drain = (_interleavedDrained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
                else
                {
                    item = _queue.Dequeue();
                }
            }

            if (deactivate is { } why)
            {
                await FinishDeactivationAsync(why);
                return;
            }

            if (drain is not null)
            {
                await drain;
                continue;
            }

            _servedAny = true;
            if (interleave)
            {
                _ = RunInterleavedAsync(item!);
                continue;
            }

            await RunAsync(item!);
        }
    }

    private async Task<bool> ActivateAsync()
    {
        try
        {
            var (grain, states) = _grainClass.Activator.Create(_grainClass.Catalog.Services, Key);
            grain.GrainContext = this;
            _grain = grain;
            foreach (var state in states)
            {
                await state.ReadStateAsync();
            }

            await grain.OnActivateAsync(CancellationToken.None);
            lock (_queue)
            {
                _state = ActivationState.Valid;
            }

            return true;
        }
        catch (Exception ex)
        {
            _grainClass.Catalog.Logger.LogError(ex, "Activation of {Grain}/{Key} failed.", GrainType.Name, Key);
            GrainWorkItem[] failed;
            lock (_queue)
            {
                _state = ActivationState.Deactivated;
                _pumping = false;
                failed = [.. _queue];
                _queue.Clear();
            }

            _grainClass.Remove(this);
            SetGone();
            var error = new GrainActivationException($"Activation of {GrainType.Name}/{Key} failed: {ex.Message}", ex);
            foreach (var call in failed)
            {
                call.Complete(error);
            }

            return false;
        }
    }

    private async Task RunAsync(GrainWorkItem item)
    {
        if (item.Chain is not null)
        {
            CallChain.Current = new CallChain(this, item.Chain);
        }
        else if (item.ContextCache is { } cache)
        {
            cache.Enter(this);
        }
        else
        {
            CallChain.Current = RootChain;
        }

        Exception? error = null;
        try
        {
            await (_reentrantScheduler is null ? item.ExecuteAsync(_grain!) : RunOnReentrantScheduler(item));
        }
        catch (Exception ex)
        {
            error = ex;
        }

        item.Complete(error);
    }

    // The turn starts on the activation's exclusive scheduler, and its awaits resume there, so the
    // interleaved calls of a reentrant grain take turns at await points instead of running in parallel.
    private Task RunOnReentrantScheduler(GrainWorkItem item) =>
        Task.Factory.StartNew(() => item.ExecuteAsync(_grain!), CancellationToken.None, TaskCreationOptions.DenyChildAttach, _reentrantScheduler!).Unwrap();

    private async Task RunInterleavedAsync(GrainWorkItem item)
    {
        await RunAsync(item);
        TaskCompletionSource? drained = null;
        lock (_queue)
        {
            _lastActiveTicks = Environment.TickCount64;
            if (--_interleaved == 0)
            {
                drained = _interleavedDrained;
                _interleavedDrained = null;
            }
        }

        drained?.TrySetResult();
    }

    private async Task FinishDeactivationAsync(DeactivationReason reason)
    {
        while (true)
        {
            Task? drain = null;
            lock (_queue)
            {
                if (_interleaved > 0)
                {
                    drain = (_interleavedDrained ??= new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously)).Task;
                }
            }

            if (drain is null)
            {
                break;
            }

            await drain;
        }

        try
        {
            await _grain!.OnDeactivateAsync(reason, CancellationToken.None);
        }
        catch (Exception ex)
        {
            _grainClass.Catalog.Logger.LogWarning(ex, "OnDeactivateAsync of {Grain}/{Key} failed.", GrainType.Name, Key);
        }

        GrainWorkItem[] leftovers;
        lock (_queue)
        {
            _state = ActivationState.Deactivated;
            _pumping = false;
            leftovers = [.. _queue];
            _queue.Clear();
        }

        _grainClass.Remove(this);
        SetGone();

        // Calls that arrived after the decision to deactivate are not lost: a new activation takes them.
        // From the pool, not from here: a new activation runs inline, and if it deactivated at once in
        // turn, the handover would recurse once per queued call.
        if (leftovers.Length > 0)
        {
            ThreadPool.UnsafeQueueUserWorkItem(
                static state =>
                {
                    foreach (var call in state.Leftovers)
                    {
                        state.Class.Enqueue(state.Key, call);
                    }
                },
                (Class: _grainClass, Key, Leftovers: leftovers),
                preferLocal: false);
        }
    }

    private void SetGone()
    {
        TaskCompletionSource? deactivated;
        lock (_queue)
        {
            _gone = true;
            deactivated = _deactivated;
        }

        deactivated?.TrySetResult();
    }
}
