namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// Tests that take the whole machine (a build of a new project, a thousand sockets, processes killed under
/// traffic whose failure detection is timed): they run on their own, after the others, so that neither
/// they nor a concurrent test fail from the other's load on a 2-core CI machine.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class WholeMachine
{
    public const string Name = "Whole machine";
}
