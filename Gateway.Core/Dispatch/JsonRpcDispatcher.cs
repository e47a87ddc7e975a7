using OrleansRpc.Gateway.Diagnostics;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using System.Text.Unicode;
using Microsoft.Extensions.Logging;
using Orleans;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Grains.Storage;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>
/// Turns one received message into calls and answers (ARCHITECTURE.md, "A request's path"; the README's
/// "Protocol"). The message is read once with <see cref="Utf8JsonReader"/>: the whole of it is checked to
/// be JSON before anything runs, then each request is validated, bound and queued on its grain. Every
/// message gets exactly one answer through <see cref="NodeConnections.Answer"/>.
/// </summary>
public sealed class JsonRpcDispatcher
{
    private readonly MethodTable _methods;
    private readonly JsonReaderOptions _readerOptions;
    private readonly int _maxDepth;
    private readonly int _maxBatchSize;
    private readonly CancellationToken _stopping;
    private readonly CallAdmission _admission;

    internal JsonRpcDispatcher(MethodTable methods, MethodAuthorizer authorizer, IGrainFactory grainFactory, NodeConnections connections, JsonRpcOptions options, bool detailedErrors, RpcMetrics metrics, StorageFailures storageFailures, ILogger logger, CancellationToken stopping)
    {
        Connections = connections;
        StorageFailures = storageFailures;
        Metrics = metrics;
        GrainFactory = grainFactory;
        _methods = methods;
        _maxDepth = options.MaxDepth;
        _maxBatchSize = options.MaxBatchSize;
        MaxResponseBytes = options.MaxResponseBytes;
        AnswerMemory = new AnswerMemory(options.MaxAnswerBytesPerNode ?? AnswerMemory.DefaultLimit());
        _admission = new CallAdmission(authorizer, new AddressRate(options.MaxCallsPerSecondPerAddress), stopping);
        _readerOptions = new JsonReaderOptions { MaxDepth = options.MaxDepth };
        _stopping = stopping;
        UndeliveredCallRetryTime = options.UndeliveredCallRetryTime;
        SerializerOptions = options.SerializerOptions;
        NullResult = new ResultSerializer<object?>((JsonTypeInfo<object?>)options.SerializerOptions.GetTypeInfo(typeof(object)));
        DetailedErrors = detailedErrors;
        Logger = logger;
    }

    /// <summary>Where every answer leaves for its connection, as every notification does (ARCHITECTURE.md, "The delivery seam").</summary>
    internal NodeConnections Connections { get; }

    internal JsonSerializerOptions SerializerOptions { get; }

    /// <summary>How long a call that never reached its grain is made again (<see cref="RpcCall.FailOrRetry"/>).</summary>
    internal TimeSpan UndeliveredCallRetryTime { get; }

    internal CancellationToken Stopping => _stopping;

    /// <summary>The method name <c>$/cancelRequest</c> is counted under.</summary>
    internal const string CancelRequestMethod = "$/cancelRequest";

    internal ResultSerializer<object?> NullResult { get; }

    internal bool DetailedErrors { get; }

    /// <summary>Which exceptions say the grain storage is unreachable (-32005).</summary>
    internal StorageFailures StorageFailures { get; }

    /// <summary>The most bytes one answer, or a batch's answers together, may take (<see cref="JsonRpcOptions.MaxResponseBytes"/>).</summary>
    internal int MaxResponseBytes { get; }

    /// <summary>The node's budget for answers waiting for their sockets.</summary>
    internal AnswerMemory AnswerMemory { get; }

    internal ILogger Logger { get; }

    internal RpcMetrics Metrics { get; }

    internal IGrainFactory GrainFactory { get; }

    /// <summary>Takes ownership of <paramref name="message"/>.</summary>
    public void Dispatch(RpcConnection connection, RequestMessage message)
    {
        // The reader does not check the UTF-8 inside strings, and ids are echoed byte for byte.
        if (!Utf8.IsValid(message.Span))
        {
            AnswerMessage(connection, message, JsonRpcVersion.V2, new JsonRpcError(JsonRpcErrorCodes.ParseError, "Parse error", "The message is not valid UTF-8."));
            return;
        }

        if (SurrogateEscapes.ContainLone(message.Span))
        {
            AnswerMessage(connection, message, JsonRpcVersion.V2, new JsonRpcError(JsonRpcErrorCodes.ParseError, "Parse error", @"The message holds a \u escape of a lone surrogate (\uD800-\uDFFF without its pair), which is not text."));
            return;
        }

        var reader = new Utf8JsonReader(message.Span, _readerOptions);
        Envelope single = default;
        List<Envelope>? batch = null;
        var batchCount = 0;
        try
        {
            if (!reader.Read())
            {
                AnswerMessage(connection, message, JsonRpcVersion.V2, new JsonRpcError(JsonRpcErrorCodes.ParseError, "Parse error", "The message is empty."));
                return;
            }

            if (reader.TokenType == JsonTokenType.StartObject)
            {
                EnvelopeReader.Read(ref reader, _methods, out single);
            }
            else if (reader.TokenType == JsonTokenType.StartArray)
            {
                batch = [];
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    // Past the limit the rest is only checked to be JSON: a parse error still wins.
                    if (batchCount++ < _maxBatchSize && reader.TokenType == JsonTokenType.StartObject)
                    {
                        EnvelopeReader.Read(ref reader, _methods, out var element);
                        batch.Add(element);
                    }
                    else
                    {
                        reader.Skip();
                        if (batchCount <= _maxBatchSize)
                        {
                            batch.Add(default);
                        }
                    }
                }
            }
            else
            {
                reader.Skip();
            }

            if (reader.Read())
            {
                throw new JsonException("Data after the end of the message.");
            }
        }
        catch (JsonException)
        {
            var error = IsTooDeep(message.Span, reader)
                ? new JsonRpcError(JsonRpcErrorCodes.InvalidRequest, "Invalid Request", $"JSON nested deeper than {_maxDepth} levels is not accepted.")
                : new JsonRpcError(JsonRpcErrorCodes.ParseError, "Parse error", "The message is not valid JSON.");
            AnswerMessage(connection, message, JsonRpcVersion.V2, error);
            return;
        }

        if (batch is null)
        {
            DispatchRequest(connection, message, single, null, 0);
        }
        else if (batchCount == 0)
        {
            AnswerMessage(connection, message, JsonRpcVersion.V2, EnvelopeRules.InvalidRequest("A batch must not be empty."));
        }
        else if (batchCount > _maxBatchSize)
        {
            AnswerMessage(connection, message, JsonRpcVersion.V2, EnvelopeRules.InvalidRequest($"A batch has at most {_maxBatchSize} elements; this one has {batchCount}."));
        }
        else
        {
            var response = new BatchResponse(Connections, connection, message, batch.Count, MaxResponseBytes);
            for (var i = 0; i < batch.Count; i++)
            {
                DispatchRequest(connection, message, batch[i], response, i);
            }

            response.Seal();
        }
    }

    /// <summary>
    /// Tells a message that is too deep from one that is not JSON: the reader stopped at the depth
    /// limit in front of yet another opening bracket, rather than at bad or missing text.
    /// </summary>
    private bool IsTooDeep(ReadOnlySpan<byte> message, in Utf8JsonReader reader)
    {
        if (reader.CurrentDepth < _maxDepth - 1)
        {
            return false;
        }

        var rest = message[(int)reader.BytesConsumed..].TrimStart(" \t\r\n:,"u8);
        return !rest.IsEmpty && rest[0] is (byte)'[' or (byte)'{';
    }

    /// <summary>Answers a message that could not be read at all, such as a binary WebSocket frame.</summary>
    public void Reject(RpcConnection connection, in JsonRpcError error)
    {
        Metrics.Error(error.Code);
        var output = PooledBufferWriter.Rent();
        ResponseWriter.WriteError(output, JsonRpcVersion.V2, default, error, SerializerOptions);
        Connections.Answer(connection, output);
    }

    private void DispatchRequest(RpcConnection connection, RequestMessage message, in Envelope envelope, BatchResponse? batch, int index)
    {
        var version = envelope.Version;
        var id = envelope.HasId && envelope.IdIsValid ? message.Slice(envelope.IdStart, envelope.IdLength) : default;
        if (EnvelopeRules.Validate(envelope, batch is not null) is { } invalid)
        {
            // Invalid requests are always answered, even when they look like notifications.
            Metrics.Answered(RpcMetrics.OtherMethod, invalid.Code);
            Answer(connection, message, batch, index, envelope.IsObject && batch is null ? version : JsonRpcVersion.V2, id, invalid);
            return;
        }

        var speaksVersion1 = version == JsonRpcVersion.V1;
        if (connection.SpeaksVersion1 != speaksVersion1)
        {
            connection.SpeaksVersion1 = speaksVersion1;
        }

        var isNotification = version == JsonRpcVersion.V2 ? !envelope.HasId : envelope.IdIsNull;
        if (envelope.IsCancelRequest)
        {
            CancelRequest(connection, message, envelope, batch, index, isNotification, version, id);
            return;
        }

        var method = envelope.Method;
        var refusal = _admission.Refuse(connection, message, envelope, isNotification);
        RpcCall? call = null;
        if (refusal is null)
        {
            if (method!.UsesSession && connection.SessionId is null)
            {
                connection.StartSession();
            }

            call = method.Calls.Create();
            call.Initialize(this, connection, method, message, envelope, isNotification, batch, index);
            if (!TryBind(method, message, envelope, connection, call, out var bindError))
            {
                refusal = bindError;
            }
        }

        string? key = null;
        if (refusal is null && !CallAdmission.TryResolveKey(method!, connection, call!, out key, out var keyError))
        {
            refusal = keyError;
        }

        // A refused call is dropped unstarted: it never answers, so the answer below is the only one.
        if (refusal is { } error)
        {
            Metrics.Answered(method?.Name ?? RpcMetrics.OtherMethod, error.Code);
            call?.Discard();
            if (isNotification)
            {
                AnswerNothing(connection, message, batch, index);
            }
            else
            {
                Answer(connection, message, batch, index, version, id, error);
            }

            return;
        }

        _admission.Start(call!, method!, key!, connection);
    }

    /// <summary>
    /// <c>$/cancelRequest</c> <c>{"id": ...}</c>: cancels this connection's call in progress with that id, if
    /// its method takes a <see cref="CancellationToken"/> (the call then answers -32800 unless it completed
    /// first). A notification, as in the Language Server Protocol: an unknown or finished id, or params
    /// without an id, are ignored, since there is nobody to tell.
    /// </summary>
    private void CancelRequest(RpcConnection connection, RequestMessage message, in Envelope envelope, BatchResponse? batch, int index, bool isNotification, JsonRpcVersion version, ReadOnlySpan<byte> id)
    {
        if (!isNotification)
        {
            Metrics.Answered(CancelRequestMethod, JsonRpcErrorCodes.MethodNotFound);
            Answer(connection, message, batch, index, version, id, new JsonRpcError(JsonRpcErrorCodes.MethodNotFound, "Method not found", "'$/cancelRequest' is a notification: send it without an id."));
            return;
        }

        if (envelope.HasParams && CancelRequestParams.TryReadId(message.Slice(envelope.ParamsStart, envelope.ParamsLength), _readerOptions, out var cancelled))
        {
            connection.TryCancel(cancelled);
        }

        Metrics.Answered(CancelRequestMethod, null);
        AnswerNothing(connection, message, batch, index);
    }

    private bool TryBind(RpcMethod method, RequestMessage message, in Envelope envelope, RpcConnection connection, RpcCall call, out JsonRpcError error)
    {
        try
        {
            return ParamsBinder.TryBind(method, message.Span, envelope, connection, _readerOptions, call, out error);
        }
        catch (Exception ex)
        {
            // The binder answers bad input itself; what escapes it is the server's own fault, such as an
            // application's converter failing on a value. The caller is told no more than that; the log is.
            DispatchLog.BindingFailed(Logger, ex, method.DisplayName, connection.Id);
            error = new JsonRpcError(JsonRpcErrorCodes.InternalError, "Internal error", "The params could not be read.");
            return false;
        }
    }

    private void Answer(RpcConnection connection, RequestMessage message, BatchResponse? batch, int index, JsonRpcVersion version, ReadOnlySpan<byte> id, in JsonRpcError error)
    {
        var output = PooledBufferWriter.Rent();
        ResponseWriter.WriteError(output, version, id, error, SerializerOptions);
        if (batch is not null)
        {
            batch.SetAnswer(index, output);
            return;
        }

        message.Dispose();
        Connections.Answer(connection, output);
    }

    private void AnswerNothing(RpcConnection connection, RequestMessage message, BatchResponse? batch, int index)
    {
        if (batch is not null)
        {
            batch.SetAnswer(index, null);
            return;
        }

        message.Dispose();
        Connections.Answer(connection, null);
    }

    private void AnswerMessage(RpcConnection connection, RequestMessage message, JsonRpcVersion version, in JsonRpcError error)
    {
        Metrics.Answered(RpcMetrics.OtherMethod, error.Code);
        Answer(connection, message, null, 0, version, default, error);
    }
}
