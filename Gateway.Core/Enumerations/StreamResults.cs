using System.Text.Json.Serialization.Metadata;
using Orleans;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// Answers a method that returns <c>IAsyncEnumerable&lt;T&gt;</c>: the invoker hands the grain reference's
/// sequence, and the grain, here. Over a WebSocket the answer is the first page and a token that
/// <c>$/enumerator/next</c> pulls the rest with (StreamJsonRpc's protocol); over HTTP, which has no
/// connection to pull on, it is every item, up to <see cref="MaxHttpItems"/>. ARCHITECTURE.md, "Streamed results".
/// </summary>
internal static class StreamResults
{
    /// <summary>Items an HTTP answer carries at most.</summary>
    public const int MaxHttpItems = 1_000;

    public static ValueTask<EnumerationPage> Open<T>(IAsyncEnumerable<T> items, IGrain grain, RpcCall call) => new(OpenAsync(items, grain, call));

    private static async Task<EnumerationPage> OpenAsync<T>(IAsyncEnumerable<T> items, IGrain grain, RpcCall call)
    {
        var connection = call.Connection;
        var serializer = new ResultSerializer<T>((JsonTypeInfo<T>)call.Dispatcher.SerializerOptions.GetTypeInfo(typeof(T)));

        // The sequence outlives its call: it stops when it is aborted or finished, or when its connection goes.
        var stop = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted);
        var enumeration = new Enumeration<T>(new GrainBatches<T>(grain, items, Enumeration.BatchSize<T>(), stop.Token), stop, serializer);
        if (connection.Transport != RpcTransport.WebSocket)
        {
            return await enumeration.AllAsync(MaxHttpItems);
        }

        var open = connection.Enumerations;
        if (!open.TryAdd(enumeration, out var token))
        {
            await enumeration.DisposeAsync();
            throw new JsonRpcException(
                JsonRpcErrorCodes.ServerBusy,
                "Server busy",
                $"This connection has {ConnectionEnumerations.MaxOpen} streamed results open; read one to its end or abort it ($/enumerator/abort) first.");
        }

        try
        {
            var page = await enumeration.NextAsync();
            if (page.Finished)
            {
                await open.RemoveAsync(token);
                return page;
            }

            return page.WithToken(token);
        }
        catch
        {
            await open.RemoveAsync(token);
            throw;
        }
    }
}
