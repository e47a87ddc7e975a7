namespace OrleansRpc.Tests.Infrastructure;

/// <summary>
/// Tests that start a gateway with JSON options other than the defaults. Notifications are serialized
/// with the process's options (one setting per process, as in production), so these tests run on their
/// own, after the others, rather than change what a concurrent test's notifications look like.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProcessWideSettings
{
    public const string Name = "Process-wide settings";
}
