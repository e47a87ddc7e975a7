using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Delivery;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Collects a batch's answers as they complete, in any order, and sends them as one array in request order.
/// The results together hold at most the batch's limit of bytes (<see cref="Room"/>, <see cref="TryTake"/>):
/// a call whose result does not fit is answered -32006 instead, so a batch never holds more than the limit
/// and its error answers.
/// </summary>
internal sealed class BatchResponse
{
    private readonly NodeConnections _connections;
    private readonly RpcConnection _connection;
    private readonly RequestMessage _message;
    private readonly PooledBufferWriter?[] _answers;
    private readonly int _limit;
    private int _resultBytes;

    // One more than the element count: the dispatcher holds the last one until every element is started,
    // so a batch whose early elements finish at once is not sent half-built.
    private int _pending;

    public BatchResponse(NodeConnections connections, RpcConnection connection, RequestMessage message, int count, int limit)
    {
        _connections = connections;
        _limit = limit;
        _connection = connection;
        _message = message;
        _answers = new PooledBufferWriter?[count];
        _pending = count + 1;
    }

    /// <summary>The bytes the batch's results may still take.</summary>
    public int Room => _limit - Volatile.Read(ref _resultBytes);

    /// <summary>Takes room for a result of <paramref name="bytes"/>; false when it does not fit.</summary>
    public bool TryTake(int bytes)
    {
        var taken = Volatile.Read(ref _resultBytes);
        while (true)
        {
            if (bytes > _limit - taken)
            {
                return false;
            }

            var seen = Interlocked.CompareExchange(ref _resultBytes, taken + bytes, taken);
            if (seen == taken)
            {
                return true;
            }

            taken = seen;
        }
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

        // Sized exactly: the brackets, the commas and every answer.
        var size = 1;
        foreach (var answer in _answers)
        {
            size += answer is null ? 0 : answer.WrittenCount + 1;
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
                combined = PooledBufferWriter.Rent(size);
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
        _connections.Answer(_connection, combined);
    }
}
