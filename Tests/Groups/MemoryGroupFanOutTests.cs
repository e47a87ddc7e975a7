namespace OrleansRpc.Tests.Groups;

/// <summary>The fan-out spec on the embedded backend: one gateway, its silo in memory.</summary>
public sealed class MemoryGroupFanOutTests(InProcessFanOutBackend backend) : GroupFanOutSpec(backend), IClassFixture<InProcessFanOutBackend>;
