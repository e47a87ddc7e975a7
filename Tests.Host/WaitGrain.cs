using Orleans;
using Orleans.Placement;
using Orleans.Runtime;

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
}
