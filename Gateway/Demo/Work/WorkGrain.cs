using System.Runtime.CompilerServices;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo;

// Reentrant: a call spends its time waiting, and a stateless worker that took calls one at a time would
// queue each client's work behind the others' (Orleans makes at most one activation per core).
[StatelessWorker]
[Reentrant]
public sealed class WorkGrain : Grain, IWorkGrain
{
    private const int MaxSteps = 10_000;
    private const int MaxCount = 1_000_000;
    private const int MaxDelay = 1_000;
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(10);

    public async Task<int> Progress(int steps, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        if (steps is < 0 or > MaxSteps)
        {
            throw new JsonRpcException(
                JsonRpcErrorCodes.InvalidParams,
                "Invalid params",
                new { parameter = "steps", reason = $"'steps' must be from 0 to {MaxSteps}" });
        }

        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(s_step, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(step);
        }

        return steps;
    }

    public async IAsyncEnumerable<int> Count(int count, int delay = 0, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (count is < 0 or > MaxCount || delay is < 0 or > MaxDelay)
        {
            throw new JsonRpcException(
                JsonRpcErrorCodes.InvalidParams,
                "Invalid params",
                new { parameter = count is < 0 or > MaxCount ? "count" : "delay", reason = $"'count' must be from 0 to {MaxCount}, 'delay' from 0 to {MaxDelay}" });
        }

        for (var i = 1; i <= count; i++)
        {
            if (delay > 0)
            {
                await Task.Delay(delay, cancellationToken);
            }

            yield return i;
        }
    }
}
