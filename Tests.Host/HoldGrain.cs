using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Tests.Host;

[StatelessWorker]
public sealed class HoldGrain(Holds holds) : Grain, IHoldGrain
{
    public async Task<string> Hold(string name)
    {
        var released = holds.Get(name);
        Console.WriteLine($"entered {name}");
        await released;
        return name;
    }
}
