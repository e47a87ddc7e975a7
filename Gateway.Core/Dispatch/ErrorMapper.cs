using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Grains.Serialization;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>Turns what a method threw into the error its caller sees.</summary>
internal static class ErrorMapper
{
    public static JsonRpcError ToError(Exception exception, bool detailed) => exception switch
    {
        JsonRpcException rpc => new JsonRpcError(rpc.Code, rpc.Message, rpc.ErrorData),
        // Orleans's response timeout: the grain did not answer in time (and was told to cancel, if it can).
        TimeoutException => new JsonRpcError(JsonRpcErrorCodes.RequestTimedOut, "Request timed out", "No answer within the grain call's response timeout."),
        ValueNotSerializableException => new JsonRpcError(JsonRpcErrorCodes.InternalError, "Internal error", detailed ? exception.Message : "The result could not be serialized."),

        // An unexpected exception's message may hold internals, so it is shown only when asked for.
        _ => new JsonRpcError(JsonRpcErrorCodes.ServerError, detailed ? exception.Message : "Server error"),
    };
}
