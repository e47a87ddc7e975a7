using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Grains.Progress;

/// <summary>Reports of one call, as JSON, numbered from <see cref="First"/> on.</summary>
[GenerateSerializer, Immutable, Alias("orpc.ProgressBatch")]
internal sealed class ProgressBatch(long first, byte[][] values)
{
    [Id(0)]
    public long First { get; } = first;

    [Id(1)]
    public byte[][] Values { get; } = values;
}
