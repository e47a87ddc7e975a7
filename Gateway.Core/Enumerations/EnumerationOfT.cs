using System.Text.Json;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>A sequence of <typeparamref name="T"/>, its items written with the node's options as they are read.</summary>
internal sealed class Enumeration<T>(GrainBatches<T> batches, CancellationTokenSource stop, ResultSerializer<T> serializer) : Enumeration
{
    // The pull of the next batch, started when the page that used up the last one was sent, so that the
    // grain's node produces it while the client reads that page: the gateway holds one batch at most.
    private Task? _pending;

    // Items of the current batch already sent (a page of large items may end inside a batch).
    private int _sent;
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
            // The pull started as the last batch was used up (its items replace that batch's once it completes),
            // or the first.
            if (_pending is { } pull)
            {
                _pending = null;
                await pull;
                _sent = 0;
            }
            else if (_sent == batches.Items.Length && !batches.Finished)
            {
                await batches.NextAsync();
                _sent = 0;
            }

            // Rented at twice a page, which a page outgrows only by its last item: a page written into a buffer
            // that doubles from small copies itself on the way and leaves a large array behind (past 64 KiB,
            // one for the large-object heap), a page at a time.
            using var buffer = PooledBufferWriter.Rent(2 * PageBytes);
            await using (var writer = new Utf8JsonWriter(buffer))
            {
                writer.WriteStartArray();
                WritePage(writer);
                writer.WriteEndArray();
            }

            var finished = _sent == batches.Items.Length && batches.Finished;
            if (_sent == batches.Items.Length && !finished)
            {
                _pending = batches.NextAsync();
            }

            return new EnumerationPage(token: null, buffer.WrittenSpan.ToArray(), finished);
        }
        finally
        {
            Volatile.Write(ref _reading, 0);
        }
    }

    // The rest of the current batch, up to a page's bytes: one loop, no asynchronous step per item.
    private void WritePage(Utf8JsonWriter writer)
    {
        var items = batches.Items;
        while (_sent < items.Length)
        {
            serializer.Write(writer, items[_sent++]);
            if (writer.BytesPending + writer.BytesCommitted >= PageBytes)
            {
                return;
            }
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
                while (!batches.Finished)
                {
                    await batches.NextAsync();
                    count += batches.Items.Length;
                    if (count > maxItems)
                    {
                        throw new JsonRpcException(JsonRpcErrorCodes.ResponseTooLarge, "Response too large", $"The sequence has more than {maxItems} items, which is as many as an HTTP answer carries; read it over a WebSocket, where it is pulled page by page.");
                    }

                    WriteBatch(writer);
                }

                writer.WriteEndArray();
            }

            return new EnumerationPage(token: null, buffer.WrittenSpan.ToArray(), finished: true);
        }
    }

    private void WriteBatch(Utf8JsonWriter writer)
    {
        foreach (var item in batches.Items)
        {
            serializer.Write(writer, item);
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
                await pending.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
            }

            await batches.DisposeAsync();
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
