using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.TestGrains.Gateway;

public sealed class ProgressProbeGrain : Grain, IProgressProbeGrain
{
    public Task<int> Burst(int count, IProgress<int>? progress)
    {
        for (var i = 1; i <= count; i++)
        {
            progress?.Report(i);
        }

        return Task.FromResult(count);
    }

    public Task<int> ThenFail(int count, IProgress<int>? progress)
    {
        for (var i = 1; i <= count; i++)
        {
            progress?.Report(i);
        }

        throw new JsonRpcException(JsonRpcErrorCodes.ServerError, "failed after its reports");
    }

    public Task<string> Bound(IProgress<string>? progress)
    {
        progress?.Report("reported");
        return Task.FromResult(progress is null ? "null" : "bound");
    }
}
