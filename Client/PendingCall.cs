using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>A call waiting for its answer: the answer's whole message (result or error) completes it.</summary>
internal sealed class PendingCall(long id, string method) : TaskCompletionSource<JsonElement>(TaskCreationOptions.RunContinuationsAsynchronously)
{
    public long Id { get; } = id;

    public string Method { get; } = method;

    /// <summary>Its frame went over the socket, so it fails if that socket closes before the answer.</summary>
    public volatile bool OverSocket;
}
