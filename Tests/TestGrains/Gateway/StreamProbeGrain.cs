using System.Globalization;
using System.Runtime.CompilerServices;
using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class StreamProbeGrain(Barriers barriers) : Grain, IStreamProbeGrain
{
    public async IAsyncEnumerable<int> Count(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return i;
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> Words(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return $"word {i}";
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<string> Blocks(int count, int length)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return i.ToString(CultureInfo.InvariantCulture).PadRight(length, '.');
        }

        await Task.CompletedTask;
    }

    public async IAsyncEnumerable<int> Watched(string barrier, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        try
        {
            barriers.Signal(barrier + ":started");
            for (var i = 1; ; i++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                yield return i;
                if (i % 100 == 0)
                {
                    await Task.Yield();
                }
            }
        }
        finally
        {
            barriers.Signal(barrier + ":stopped");
        }
    }

    public async IAsyncEnumerable<int> Gated(string barrier)
    {
        yield return 1;
        await barriers.WaitAsync(barrier + ":go");
        yield return 2;
    }

    public async IAsyncEnumerable<int> ThenFail(int count)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return i;
        }

        await Task.CompletedTask;
        throw new JsonRpcException(1234, "stream failed");
    }
}
