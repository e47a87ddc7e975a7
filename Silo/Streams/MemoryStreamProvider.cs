using System.Collections.Concurrent;
using OrleansRpc.Streams;

namespace OrleansRpc.Silo.Streams;

/// <summary>Streams within this process: the embedded single-node default.</summary>
public sealed class MemoryStreamProvider : IStreamProvider
{
    private readonly ConcurrentDictionary<(Type, string), object> _streams = new();

    public IAsyncStream<T> GetStream<T>(string streamId) =>
        (IAsyncStream<T>)_streams.GetOrAdd((typeof(T), streamId), static key => new MemoryAsyncStream<T>(key.Item2));
}
