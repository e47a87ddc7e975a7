namespace OrleansRpc.Tests.Infrastructure;

/// <summary>Sends raw JSON-RPC text over one transport and returns the raw answer.</summary>
public abstract class RpcClient : IAsyncDisposable
{
    /// <summary>
    /// The answer to <paramref name="json"/>, or null when the server answered nothing. Over HTTP the
    /// status code tells; over a WebSocket, <paramref name="expectAnswer"/> says whether to wait for one.
    /// </summary>
    public abstract Task<string?> ExchangeAsync(string json, bool expectAnswer = true);

    public abstract ValueTask DisposeAsync();
}
