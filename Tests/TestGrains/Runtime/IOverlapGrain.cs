using OrleansRpc.Runtime;

namespace OrleansRpc.Tests.TestGrains.Runtime;

public interface IOverlapGrain : IGrainWithStringKey
{
    /// <summary>Works in many steps separated by awaits; returns how often it found another call's step under way.</summary>
    Task<int> Work(int steps);
}
