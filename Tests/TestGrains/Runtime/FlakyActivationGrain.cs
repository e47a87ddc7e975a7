using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public sealed class FlakyActivationGrain(ActivationSwitch activationSwitch) : Grain, IFlakyActivationGrain
{
    public Task<string> Hello() => Task.FromResult("hello");

    public override Task OnActivateAsync(CancellationToken cancellationToken) =>
        activationSwitch.Fail ? throw new InvalidOperationException("activation refused") : Task.CompletedTask;
}
