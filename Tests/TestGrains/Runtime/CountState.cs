namespace OrleansRpc.Tests.TestGrains.Runtime;

public sealed class CountState
{
    public int Count { get; set; }
}
