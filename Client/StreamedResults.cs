using System.Runtime.CompilerServices;
using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>
/// Reads a method's streamed result with StreamJsonRpc's protocol, as the server writes it: the answer is a
/// page (<c>{"token", "values", "finished"}</c>), and <c>$/enumerator/next</c> pulls each next page when the
/// caller's loop wants more. Leaving the loop early sends <c>$/enumerator/abort</c>, which stops the grain's
/// sequence; over HTTP the answer holds every item.
/// </summary>
internal static class StreamedResults
{
    public static async IAsyncEnumerable<T> ReadAsync<T>(
        JsonRpcClient client, string method, object? parameters, RpcTransportChoice transport, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var page = await client.CallRawAsync(method, parameters, transport, cancellationToken);
        var token = OpenToken(page);
        try
        {
            while (true)
            {
                foreach (var item in Values(page))
                {
                    yield return item.Deserialize<T>(client.SerializerOptions)!;
                }

                if (token is not { } open)
                {
                    yield break;
                }

                page = await client.CallRawAsync("$/enumerator/next", new[] { open }, RpcTransportChoice.WebSocket, cancellationToken);
                if (IsFinished(page))
                {
                    token = null;
                }
            }
        }
        finally
        {
            if (token is { } open)
            {
                await AbortAsync(client, open);
            }
        }
    }

    // The token of a sequence that is not finished; a finished one the server has forgotten already.
    private static long? OpenToken(JsonElement page) =>
        !IsFinished(page) && page.TryGetProperty("token", out var token) && token.TryGetInt64(out var value) ? value : null;

    private static bool IsFinished(JsonElement page) =>
        page.ValueKind != JsonValueKind.Object || !page.TryGetProperty("finished", out var finished) || finished.ValueKind != JsonValueKind.False;

    private static JsonElement.ArrayEnumerator Values(JsonElement page) =>
        page.ValueKind == JsonValueKind.Object && page.TryGetProperty("values", out var values) && values.ValueKind == JsonValueKind.Array
            ? values.EnumerateArray()
            : throw new InvalidOperationException("The answer is not a page of a streamed result: does the server's method return IAsyncEnumerable<T>?");

    private static async Task AbortAsync(JsonRpcClient client, long token)
    {
        try
        {
            using var patience = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            await client.NotifyAsync("$/enumerator/abort", new[] { token }, RpcTransportChoice.WebSocket, patience.Token);
        }
        catch (Exception ex) when (ex is JsonRpcConnectionException or OperationCanceledException or ObjectDisposedException or System.Net.WebSockets.WebSocketException)
        {
            // The socket is gone, and the server stopped the sequence with it.
        }
    }
}
