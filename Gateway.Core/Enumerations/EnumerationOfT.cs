using System.Text.Json;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>A sequence of <typeparamref name="T"/>, its items written with the node's options as they are read.</summary>
internal sealed class Enumeration<T>(IAsyncEnumerator<T> items, CancellationTokenSource stop, ResultSerializer<T> serializer) : Enumeration
{
    // A MoveNextAsync that had not completed when its page was sent: the next page starts by awaiting it.
    private Task<bool>? _pending;
    private int _reading;
    private int _disposed;

    public override async Task<EnumerationPage> NextAsync()
    {
        if (Interlocked.Exchange(ref _reading, 1) != 0)
        {
            throw new EnumerationBusyException();
        }

        try
        {
            // Rented at twice a page, which a page outgrows only by its last item: a page written into a buffer
            // that doubles from small copies itself on the way and leaves a large array behind (past 64 KiB,
            // one for the large-object heap), a page at a time.
            using var buffer = PooledBufferWriter.Rent(2 * PageBytes);
            var finished = false;
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                var hasItem = _pending is { } pending ? await pending : await items.MoveNextAsync();
                _pending = null;
                while (true)
                {
                    if (!hasItem)
                    {
                        finished = true;
                        break;
                    }

                    serializer.Write(writer, items.Current);
                    if (writer.BytesPending + writer.BytesCommitted >= PageBytes)
                    {
                        break;
                    }

                    var next = items.MoveNextAsync();
                    if (!next.IsCompleted)
                    {
                        _pending = next.AsTask();
                        break;
                    }

                    hasItem = next.GetAwaiter().GetResult();
                }

                writer.WriteEndArray();
            }

            return new EnumerationPage(token: null, buffer.WrittenSpan.ToArray(), finished);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    public override async Task<EnumerationPage> AllAsync(int maxItems)
    {
        await using (this)
        {
            using var buffer = PooledBufferWriter.Rent();
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                var count = 0;
                while (await items.MoveNextAsync())
                {
                    if (++count > maxItems)
                    {
                        throw new JsonRpcException(JsonRpcErrorCodes.ResponseTooLarge, "Response too large", $"The sequence has more than {maxItems} items, which is as many as an HTTP answer carries; read it over a WebSocket, where it is pulled page by page.");
                    }

                    serializer.Write(writer, items.Current);
                }

                writer.WriteEndArray();
            }

            return new EnumerationPage(token: null, buffer.WrittenSpan.ToArray(), finished: true);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        try
        {
            // Cancelled first: a pull still waiting for the grain ends now, and the dispose need not wait for it.
            await stop.CancelAsync();
            if (_pending is { } pending)
            {
                await ((Task)pending).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await items.DisposeAsync();
        }
        catch (Exception ex) when (ex is OperationCanceledException or InvalidOperationException or Orleans.Runtime.OrleansException or Orleans.Runtime.EnumerationAbortedException or TimeoutException)
        {
            // The grain's enumerator is gone already (its node, or Orleans's idle sweep, took it).
        }
        finally
        {
            stop.Dispose();
        }
    }
}
