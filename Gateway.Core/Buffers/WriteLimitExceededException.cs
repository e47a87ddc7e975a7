namespace OrleansRpc.Gateway.Buffers;

/// <summary>A <see cref="PooledBufferWriter"/> was asked to hold more than its <see cref="PooledBufferWriter.Limit"/>.</summary>
public sealed class WriteLimitExceededException(int limit)
    : InvalidOperationException($"The output is over its limit of {limit} bytes.")
{
    public int Limit { get; } = limit;
}
