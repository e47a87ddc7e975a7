using System.Diagnostics;
using OrleansRpc.Gateway.Diagnostics;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Protocol;
using Orleans;
using Orleans.Runtime;
using OrleansRpc.Grains.Serialization;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// One request on its way through a grain: calls the method on the grain's reference, writes the answer,
/// and hands it to the connection (or to its batch). The answer is written exactly once, by the method's
/// completion or its failure; a call that runs too long fails with Orleans's own response timeout
/// (<c>SiloMessagingOptions.ResponseTimeout</c>, or <c>[ResponseTimeout]</c> on the method), which
/// costs no timer per call. Each method's calls are an
/// <see cref="RpcCall{TArguments}"/> that carries the arguments in place (Orleans takes them from there
/// when the call is made). A finished call is reused (see <see cref="ReusePool{T}"/>) once nothing can
/// touch it any more: after its answer and its grain call, or unstarted when the dispatcher refused it.
/// </summary>
internal abstract class RpcCall
{
    private JsonRpcDispatcher _dispatcher = null!;
    private RpcConnection _connection = null!;
    private RpcMethod _method = null!;
    private RequestMessage _message = null!;
    private JsonRpcVersion _version;
    private bool _isNotification;
    private int _idStart;
    private int _idLength;
    private BatchResponse? _batch;
    private int _batchIndex;
    private IGrain? _grain;
    private GrainId _orderedBy;
    private long _started;
    private long _retryUntil;
    private CancellationTokenSource? _cancellation;
    private string? _cancellationId;
    private int _retries;
    private Activity? _activity;

    /// <summary>Sets the call up; a method's <see cref="RpcCallFactory"/> creates it empty, typed after its arguments.</summary>
    public void Initialize(
        JsonRpcDispatcher dispatcher,
        RpcConnection connection,
        RpcMethod method,
        RequestMessage message,
        in Envelope envelope,
        bool isNotification,
        BatchResponse? batch,
        int batchIndex)
    {
        _dispatcher = dispatcher;
        _connection = connection;
        _method = method;
        _message = message;
        _version = envelope.Version;
        _isNotification = isNotification;
        _idStart = envelope.IdStart;
        _idLength = envelope.HasId ? envelope.IdLength : 0;
        _batch = batch;
        _batchIndex = batchIndex;
    }

    private ReadOnlySpan<byte> Id => _message.Slice(_idStart, _idLength);

    /// <summary>
    /// The token a method's <see cref="CancellationToken"/> parameter gets: the connection's, and for a
    /// request on a WebSocket also cancelled by the client's <c>$/cancelRequest</c> with the request's id.
    /// Orleans carries it into the grain call, on whichever node the grain runs.
    /// </summary>
    public CancellationToken CancellationFor(RpcConnection connection)
    {
        if (_isNotification || connection.Transport != RpcTransport.WebSocket)
        {
            // An HTTP request is a connection of its own: nothing else can name it, and its token is cancelled when the client goes.
            return connection.Aborted;
        }

        _cancellation = CancellationTokenSource.CreateLinkedTokenSource(connection.Aborted);
        var id = System.Text.Encoding.UTF8.GetString(Id);
        if (connection.Cancellations.TryAdd(id, _cancellation))
        {
            _cancellationId = id;
        }

        return _cancellation.Token;
    }

    /// <summary>The connection the call came on; read before the call is released, which recycles it.</summary>
    public RpcConnection Connection => _connection;

    /// <summary>The dispatcher that made the call; read before the call is released, which recycles it.</summary>
    public JsonRpcDispatcher Dispatcher => _dispatcher;

    public RpcMethod Method => _method;

    /// <summary>
    /// Makes the grain call (the grain is the method's fixed one, or the one under <paramref name="key"/>),
    /// or queues it behind this connection's running call to the same grain (<see cref="GrainCallOrder"/>).
    /// </summary>
    public void Start(string key)
    {
        _started = _dispatcher.Metrics.CallStarted();
        _activity = RpcActivities.Start(_method, _connection, Id, _version, _isNotification);

        _grain = _method.Grain(_dispatcher.GrainFactory, key);
        if (_method.KeyKind != RpcKeyKind.Stateless)
        {
            _orderedBy = _grain.GetGrainId();
            if (!_connection.CallOrder.TryEnter(_orderedBy, this))
            {
                return;
            }
        }

        Invoke();
    }

    public void Succeed<T>(T value, ResultSerializer<T> serializer)
    {
        if (_isNotification)
        {
            Deliver(null, errorCode: null);
            return;
        }

        var output = PooledBufferWriter.Rent();
        var limit = _batch?.Room ?? _dispatcher.MaxResponseBytes;
        output.Limit = limit;
        try
        {
            ResponseWriter.WriteResult(output, _version, Id, value, serializer);
            if (_batch is not null && !_batch.TryTake(output.WrittenCount))
            {
                throw new WriteLimitExceededException(limit);
            }

            if (output.WrittenCount > _dispatcher.AnswerMemory.Room)
            {
                // The node holds as many answers for its sockets as it may (ARCHITECTURE.md, "Bounds").
                output.Dispose();
                DispatchLog.NoRoomForAnswer(_dispatcher.Logger, _method.DisplayName, _connection.Id);
                WriteError(new JsonRpcError(JsonRpcErrorCodes.ResponseTooLarge, "Response too large", "The server has no room for this answer now; the call ran."));
                return;
            }
        }
        catch (WriteLimitExceededException)
        {
            // The result is dropped unsent, and the caller is told why: nothing larger was ever rented.
            output.Dispose();
            DispatchLog.ResponseTooLarge(_dispatcher.Logger, _method.DisplayName, _connection.Id, _dispatcher.MaxResponseBytes);
            WriteError(new JsonRpcError(
                JsonRpcErrorCodes.ResponseTooLarge,
                "Response too large",
                _batch is null
                    ? $"The answer is over the limit of {_dispatcher.MaxResponseBytes} bytes."
                    : $"The batch's answers are over the limit of {_dispatcher.MaxResponseBytes} bytes; this one did not fit."));
            return;
        }
        catch (Exception ex)
        {
            DispatchLog.ResultNotSerializable(_dispatcher.Logger, ex, _method.DisplayName);
            output.Truncate(0);
            var error = new JsonRpcError(JsonRpcErrorCodes.InternalError, "Internal error", _dispatcher.DetailedErrors ? ex.Message : "The result could not be serialized.");
            ResponseWriter.WriteError(output, _version, Id, error, _dispatcher.SerializerOptions);
            Deliver(output, error.Code);
            return;
        }

        Deliver(output, errorCode: null);
    }

    /// <summary>A method without a result answers <c>null</c>.</summary>
    public void SucceedWithoutResult() => Succeed<object?>(null, _dispatcher.NullResult);

    public void Fail(Exception exception)
    {
        if (_isNotification)
        {
            // A refusal or the client's own mistake (a JsonRpcException) is no news to an operator, and a
            // client may send as many as it likes: Debug. What the method threw on its own is a Warning.
            if (exception is JsonRpcException refused)
            {
                DispatchLog.NotificationRefused(_dispatcher.Logger, _method.DisplayName, _connection.Id, refused.Code);
            }
            else
            {
                DispatchLog.NotificationFailed(_dispatcher.Logger, exception, _method.DisplayName, _connection.Id);
            }

            Deliver(null, ErrorMapper.ToError(exception, detailed: false, _dispatcher.StorageFailures).Code);
            return;
        }

        if (exception is OperationCanceledException && _cancellation is { IsCancellationRequested: true } && !_connection.Aborted.IsCancellationRequested)
        {
            // The client's own $/cancelRequest: its answer, not a failure to log.
            WriteError(new JsonRpcError(JsonRpcErrorCodes.RequestCancelled, "Request cancelled", null));
            return;
        }

        if (exception is ValueNotSerializableException)
        {
            DispatchLog.ResultNotSerializable(_dispatcher.Logger, exception, _method.DisplayName);
        }
        else if (exception is TimeoutException)
        {
            DispatchLog.TimedOut(_dispatcher.Logger, _method.DisplayName, _connection.Id);
        }
        else if (exception is not JsonRpcException)
        {
            DispatchLog.MethodThrew(_dispatcher.Logger, exception, _method.DisplayName, _connection.Id);
        }

        WriteError(ErrorMapper.ToError(exception, _dispatcher.DetailedErrors, _dispatcher.StorageFailures));
    }

    /// <summary>
    /// The grain call failed. One that provably never reached its grain (<see cref="UndeliveredCall"/>:
    /// its node was gone, or the directory entry that finds it was on a node that was) is made again after a
    /// short wait, until <see cref="Hosting.JsonRpcOptions.UndeliveredCallRetryTime"/> has passed since the
    /// first failure: by then the cluster has declared the node dead and placed the grain on a survivor.
    /// Any other failure is answered, and the call released. The call keeps its place in its connection's
    /// order to its grain meanwhile (<see cref="GrainCallOrder"/>), so the calls after it still run after it.
    /// </summary>
    public void FailOrRetry(Exception exception)
    {
        if (UndeliveredCall.NeverRan(exception) && TryScheduleRetry())
        {
            return;
        }

        Fail(exception);
        Release();
    }

    /// <summary>The invoker is done with the call: its grain call is over and it is answered.</summary>
    public void Release()
    {
        if (!_orderedBy.IsDefault && _connection.CallOrder.Exit(_orderedBy) is { } next)
        {
            next.Invoke();
        }

        Recycle();
    }

    /// <summary>
    /// Makes the grain call. A traced call's activity is the current one while the call is made, so that
    /// Orleans (with its activity propagation on) carries it into the grain call and nests its own under it.
    /// </summary>
    private void Invoke()
    {
        if (_activity is null)
        {
            _method.Invoker.Invoke(_grain!, this);
            return;
        }

        var current = Activity.Current;
        Activity.Current = _activity;
        try
        {
            _method.Invoker.Invoke(_grain!, this);
        }
        finally
        {
            Activity.Current = current;
        }
    }

    private bool TryScheduleRetry()
    {
        var now = Stopwatch.GetTimestamp();
        if (_retryUntil == 0)
        {
            var window = _dispatcher.UndeliveredCallRetryTime;
            if (window <= TimeSpan.Zero)
            {
                return false;
            }

            _retryUntil = now + (long)(window.TotalSeconds * Stopwatch.Frequency);
        }

        if (now >= _retryUntil || _dispatcher.Stopping.IsCancellationRequested)
        {
            return false;
        }

        // 50 ms, doubling to a second: a node's death is declared in about a second (DeadSiloSweeper).
        var delay = TimeSpan.FromMilliseconds(Math.Min(1000, 50 << Math.Min(_retries, 5)));
        _retries++;
        _dispatcher.Metrics.Retried(_method.Name);
        _ = RetryAfterAsync(delay);
        return true;
    }

    private async Task RetryAfterAsync(TimeSpan delay)
    {
        // This runs where nobody awaits it: whatever escapes ends the call's connection, not the process.
        var connection = _connection;
        try
        {
            try
            {
                await Task.Delay(delay, _dispatcher.Stopping).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                // The gateway stops: the call is made once more, now, and answered however that ends.
            }

            Invoke();
        }
        catch (Exception ex)
        {
            connection.Fault(ex);
        }
    }

    /// <summary>For a call the dispatcher set up but never started: refused, or answered with an authorization error.</summary>
    public void Discard() => Recycle();

    /// <summary>Hands the call, reset, to the pool of its kind.</summary>
    protected abstract void ReturnToPool();

    private void WriteError(in JsonRpcError error)
    {
        var output = PooledBufferWriter.Rent();
        ResponseWriter.WriteError(output, _version, Id, error, _dispatcher.SerializerOptions);
        Deliver(output, error.Code);
    }

    private void Recycle()
    {
        if (_cancellation is { } cancellation)
        {
            if (_cancellationId is { } id)
            {
                _connection.Cancellations.Remove(id, cancellation);
            }

            cancellation.Dispose();
            _cancellation = null;
            _cancellationId = null;
        }

        _dispatcher = null!;
        _connection = null!;
        _method = null!;
        _message = null!;
        _batch = null;
        _grain = null;
        _orderedBy = default;
        _started = 0;
        _retryUntil = 0;
        _retries = 0;
        _activity = null;
        ReturnToPool();
    }

    private void Deliver(PooledBufferWriter? answer, int? errorCode)
    {
        if (_activity is not null)
        {
            RpcActivities.Stop(_activity, errorCode);
            _activity = null;
        }

        // A call refused before it started (authorization) never went to its grain: no duration.
        if (_started != 0)
        {
            _dispatcher.Metrics.CallEnded(_method.Name, _started, errorCode);
        }
        else
        {
            _dispatcher.Metrics.Answered(_method.Name, errorCode);
        }

        if (_batch is not null)
        {
            _batch.SetAnswer(_batchIndex, answer);
            return;
        }

        _message.Dispose();
        _dispatcher.Connections.Answer(_connection, answer);
    }
}
