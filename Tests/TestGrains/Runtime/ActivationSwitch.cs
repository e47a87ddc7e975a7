namespace OrleansRpc.Tests.TestGrains.Runtime;

/// <summary>Tells <see cref="FlakyActivationGrain"/> whether its activation should fail.</summary>
public sealed class ActivationSwitch
{
    public volatile bool Fail;
}
