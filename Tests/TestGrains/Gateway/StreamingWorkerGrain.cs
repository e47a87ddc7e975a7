using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Tests.TestGrains.Gateway;

[StatelessWorker]
public sealed class StreamingWorkerGrain : Grain, IStreamingWorkerGrain
{
    public async IAsyncEnumerable<int> Numbers(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await Task.Yield();
            yield return i;
        }
    }
}
