using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>A pull while another of the same sequence is in progress: refused, and the sequence goes on.</summary>
internal sealed class EnumerationBusyException() : JsonRpcException(
    JsonRpcErrorCodes.InvalidRequest,
    "Enumeration busy",
    "A $/enumerator/next for this token has not been answered yet; ask for the next page once it is.");
