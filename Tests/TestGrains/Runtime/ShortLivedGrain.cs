using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

/// <summary>Asks to be deactivated as soon as it is activated.</summary>
public sealed class ShortLivedGrain : Grain, IShortLivedGrain
{
    private readonly Guid _instance = Guid.NewGuid();

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        DeactivateOnIdle();
        return Task.CompletedTask;
    }

    public Task<Guid> Instance() => Task.FromResult(_instance);
}
