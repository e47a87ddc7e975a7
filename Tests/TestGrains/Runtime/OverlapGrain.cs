using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

[Reentrant]
public sealed class OverlapGrain : Grain, IOverlapGrain
{
    private int _inStep;

    public async Task<int> Work(int steps)
    {
        var overlaps = 0;
        for (var i = 0; i < steps; i++)
        {
            if (Interlocked.Exchange(ref _inStep, 1) != 0)
            {
                overlaps++;
            }

            Thread.SpinWait(20_000);
            Volatile.Write(ref _inStep, 0);
            await Task.Yield();
        }

        return overlaps;
    }
}
