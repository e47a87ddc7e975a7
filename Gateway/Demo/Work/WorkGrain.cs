using System.Runtime.CompilerServices;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Rpc;

namespace OrleansRpc.Demo;

// One activation a node, reentrant: each pull of count.slowly's sequence must reach the activation that
// started it (MethodTableBuilder refuses a streamed method on a stateless worker that may have several), and
// a call spends its time waiting, so one activation that takes calls side by side serves them all.
[StatelessWorker(1)]
[Reentrant]
public sealed class WorkGrain : Grain, IWorkGrain
{
    private const int MaxSteps = 10_000;
    private const int MaxCount = 100_000;
    private static readonly TimeSpan s_step = TimeSpan.FromMilliseconds(10);

    public async Task<int> Progress(int steps, IProgress<int>? progress, CancellationToken cancellationToken)
    {
        CheckRange(steps, MaxSteps, "steps");

        for (var step = 1; step <= steps; step++)
        {
            await Task.Delay(s_step, cancellationToken);
            cancellationToken.ThrowIfCancellationRequested();
            progress?.Report(step);
        }

        return steps;
    }

    public async IAsyncEnumerable<int> CountSlowly(int to, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        CheckRange(to, MaxCount, "to");

        for (var i = 1; i <= to; i++)
        {
            await Task.Delay(s_step, cancellationToken);
            yield return i;
        }
    }

    // -32602 with the data shape the gateway's own binding errors have.
    private static void CheckRange(int value, int max, string parameter)
    {
        if (value < 0 || value > max)
        {
            throw new JsonRpcException(
                JsonRpcErrorCodes.InvalidParams,
                "Invalid params",
                new { parameter, reason = $"'{parameter}' must be from 0 to {max}" });
        }
    }
}
