using Orleans;
using Orleans.Placement;
using Orleans.Runtime;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Host;

[PreferLocalPlacement]
public sealed class WaitGrain(ILocalSiloDetails silo) : Grain, IWaitGrain
{
    public Task<string> Here(string name) => Task.FromResult(silo.SiloAddress.ToParsableString());

    public async Task<string> WaitCancelled(string name, CancellationToken cancellationToken)
    {
        Console.WriteLine($"waiting {name}");
        try
        {
            await Task.Delay(Timeout.Infinite, cancellationToken);
        }
        catch (OperationCanceledException)
        {
            Console.WriteLine($"cancelled {name}");
            throw;
        }

        return name;
    }

    public Task<string> ProgressHere(string name, int count, IProgress<int>? progress)
    {
        for (var i = 1; i <= count; i++)
        {
            progress?.Report(i);
        }

        return Here(name);
    }

    public async Task<string?> ContextHere(string name, RpcContext context) => (await context.ConnectionGrain.GetInfo())?.ConnectionId;

    public async IAsyncEnumerable<int> StreamHere(string name, int count)
    {
        for (var i = 1; i <= count; i++)
        {
            yield return i;
        }

        await Task.CompletedTask;
    }
}
