using System.Buffers;
using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>
/// Calls and notifications sent together in one message. Each call's task settles with its own answer
/// once <see cref="SendAsync"/> has sent the batch.
/// </summary>
public sealed class JsonRpcBatch
{
    private readonly JsonRpcClient _client;
    private readonly List<Entry> _entries = [];
    private bool _sent;

    internal JsonRpcBatch(JsonRpcClient client) => _client = client;

    public Task<T> Call<T>(string method, object? parameters = null)
    {
        var answer = new TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously);
        Add(new Entry(method, parameters, answer));
        return ReadAsync<T>(answer.Task);
    }

    public void Notify(string method, object? parameters = null) => Add(new Entry(method, parameters, null));

    /// <summary>Sends the batch and waits until every call in it has its answer (or its error).</summary>
    public async Task SendAsync(RpcTransportChoice transport = RpcTransportChoice.Auto, CancellationToken cancellationToken = default)
    {
        if (_sent || _entries.Count == 0)
        {
            throw new InvalidOperationException(_sent ? "This batch was sent already." : "An empty batch is not valid JSON-RPC.");
        }

        _sent = true;
        var calls = new List<PendingCall>();
        var buffer = new ArrayBufferWriter<byte>(512);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartArray();
            foreach (var entry in _entries)
            {
                PendingCall? call = entry.Answer is null ? null : _client.Expect(entry.Method);
                if (call is not null)
                {
                    calls.Add(call);
                }

                RequestWriter.Write(writer, entry.Method, entry.Parameters, call?.Id, _client.SerializerOptions);
            }

            writer.WriteEndArray();
        }

        using var deadline = _client.Deadline(cancellationToken);
        try
        {
            await _client.SendAsync(buffer.WrittenSpan.ToArray(), calls, transport, deadline.Token);
            var waits = new List<Task>();
            var index = 0;
            foreach (var entry in _entries)
            {
                if (entry.Answer is not null)
                {
                    var call = calls[index++];
                    waits.Add(Forward(call, call.Task.WaitAsync(deadline.Token), entry.Answer, cancellationToken));
                }
            }

            await Task.WhenAll(waits);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            var timedOut = _client.TimedOut("a batch");
            foreach (var entry in _entries)
            {
                entry.Answer?.TrySetException(timedOut);
            }

            throw timedOut;
        }
        catch (Exception ex)
        {
            foreach (var entry in _entries)
            {
                entry.Answer?.TrySetException(ex);
            }

            throw;
        }
        finally
        {
            foreach (var call in calls)
            {
                _client.Forget(call);
            }
        }
    }

    private async Task Forward(PendingCall call, Task<JsonElement> answer, TaskCompletionSource<JsonElement> to, CancellationToken cancellationToken)
    {
        try
        {
            to.TrySetResult(await answer);
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            to.TrySetException(_client.TimedOut(call.Method));
        }
        catch (Exception ex)
        {
            // The call's own error belongs to its own task: the batch as a whole went through.
            to.TrySetException(ex);
        }
    }

    private async Task<T> ReadAsync<T>(Task<JsonElement> answer)
    {
        var result = await answer;
        return result.ValueKind == JsonValueKind.Undefined ? default! : result.Deserialize<T>(_client.SerializerOptions)!;
    }

    private void Add(Entry entry)
    {
        if (_sent)
        {
            throw new InvalidOperationException("This batch was sent already.");
        }

        _entries.Add(entry);
    }

    private sealed record Entry(string Method, object? Parameters, TaskCompletionSource<JsonElement>? Answer);
}
