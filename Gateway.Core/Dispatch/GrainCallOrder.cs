using Orleans;
using Orleans.Runtime;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Keeps one connection's calls to one grain starting in arrival order: the next waits here until the
/// one before it has finished its grain call. Orleans does not order calls that are not awaited one by
/// one (a burst to a grain that is not active yet can start in any order), so without this, pipelined
/// <c>group.send</c>s could reach the members out of order. A grain runs one call at a time anyway (unless
/// reentrant), so waiting costs a burst one local hop per call, not throughput. Stateless workers are
/// not ordered: their calls run side by side on purpose.
/// </summary>
internal sealed class GrainCallOrder
{
    // A grain is in the map while a call of this connection to it is running; the queue holds the calls
    // waiting behind it (null while none waits, so that the usual case allocates no queue).
    private readonly Dictionary<GrainId, Queue<RpcCall>?> _running = [];

    /// <summary>True when the call may start now; false when it was queued behind a running one.</summary>
    public bool TryEnter(GrainId grain, RpcCall call)
    {
        lock (_running)
        {
            if (!_running.TryGetValue(grain, out var waiting))
            {
                _running.Add(grain, null);
                return true;
            }

            waiting ??= _running[grain] = new Queue<RpcCall>();
            waiting.Enqueue(call);
            return false;
        }
    }

    /// <summary>The grain call of the running call is over: returns the next call to start, if one waits.</summary>
    public RpcCall? Exit(GrainId grain)
    {
        lock (_running)
        {
            if (_running.TryGetValue(grain, out var waiting) && waiting is not null && waiting.TryDequeue(out var next))
            {
                return next;
            }

            _running.Remove(grain);
            return null;
        }
    }
}
