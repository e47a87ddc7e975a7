using OrleansRpc.Gateway.Protocol;
using Orleans.Runtime;
using OrleansRpc.Grains.Serialization;
using OrleansRpc.Grains.Storage;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Dispatch;

/// <summary>Turns what a method threw into the error its caller sees.</summary>
internal static class ErrorMapper
{
    public static JsonRpcError ToError(Exception exception, bool detailed, StorageFailures storage) => exception switch
    {
        JsonRpcException rpc => new JsonRpcError(rpc.Code, rpc.Message, rpc.ErrorData),
        // Orleans's response timeout: the grain did not answer in time (and was told to cancel, if it can).
        TimeoutException => new JsonRpcError(JsonRpcErrorCodes.RequestTimedOut, "Request timed out", "No answer within the grain call's response timeout."),
        // Orleans could not hand the call to its grain, even when made again for
        // JsonRpcOptions.UndeliveredCallRetryTime (RpcCall), so it did not run, and the client may retry it
        // whatever it does (UndeliveredCall).
        OrleansMessageRejectionException when UndeliveredCall.NeverRan(exception) => new JsonRpcError(JsonRpcErrorCodes.NodeUnavailable, "Node unavailable", "The call could not reach its grain's node and did not run; retry it."),
        // The grain's node went away under the call (until the cluster declares it dead and the grain
        // activates elsewhere): a SiloUnavailableException that UndeliveredCall cannot show was refused.
        // Nothing retries it, since it may have run.
        OrleansMessageRejectionException => new JsonRpcError(JsonRpcErrorCodes.NodeUnavailable, "Node unavailable", "A node of the cluster went away during the call, which may or may not have run; retry it if that is safe."),
        _ when storage.Includes(exception) => new JsonRpcError(JsonRpcErrorCodes.StorageUnavailable, "Storage unavailable", "The grain storage could not be reached; nothing was stored."),
        ValueNotSerializableException => new JsonRpcError(JsonRpcErrorCodes.InternalError, "Internal error", detailed ? exception.Message : "The result could not be serialized."),

        // An unexpected exception's message may hold internals, so it is shown only when asked for.
        _ => new JsonRpcError(JsonRpcErrorCodes.ServerError, detailed ? exception.Message : "Server error"),
    };
}
