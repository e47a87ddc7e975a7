using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>Collects a batch's answers as they complete, in any order, and sends them as one array in request order.</summary>
internal sealed class BatchResponse
{
    private readonly RpcConnection _connection;
    private readonly RequestMessage _message;
    private readonly PooledBufferWriter?[] _answers;

    // One more than the element count: the dispatcher holds the last one until every element is started,
    // so a batch whose early elements finish at once is not sent half-built.
    private int _pending;

    public BatchResponse(RpcConnection connection, RequestMessage message, int count)
    {
        _connection = connection;
        _message = message;
        _answers = new PooledBufferWriter?[count];
        _pending = count + 1;
    }

    public void SetAnswer(int index, PooledBufferWriter? answer)
    {
        _answers[index] = answer;
        Release();
    }

    /// <summary>Every element has been started or answered.</summary>
    public void Seal() => Release();

    private void Release()
    {
        if (Interlocked.Decrement(ref _pending) != 0)
        {
            return;
        }

        PooledBufferWriter? combined = null;
        foreach (var answer in _answers)
        {
            if (answer is null)
            {
                continue;
            }

            if (combined is null)
            {
                combined = PooledBufferWriter.Rent(answer.WrittenCount * _answers.Length + 2);
                combined.WriteByte((byte)'[');
            }
            else
            {
                combined.WriteByte((byte)',');
            }

            combined.Write(answer.WrittenSpan);
            answer.Dispose();
        }

        combined?.WriteByte((byte)']');
        _message.Dispose();

        // Nothing at all is sent for a batch of notifications.
        _connection.OnMessageAnswered(combined);
    }
}
