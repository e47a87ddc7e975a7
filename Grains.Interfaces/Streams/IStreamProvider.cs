namespace OrleansRpc.Streams;

public interface IStreamProvider
{
    IAsyncStream<T> GetStream<T>(string streamId);
}
