using System.Text.Json;
using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Gateway.Discovery;

/// <remarks>
/// A stateless worker runs on the calling silo, which is always a gateway's (the one place the method
/// table, so the document, exists); a headless silo never hosts it.
/// </remarks>
[StatelessWorker]
internal sealed class OpenRpcGrain(OpenRpcDocument document) : Grain, IOpenRpcGrain
{
    public Task<JsonElement> Discover() => Task.FromResult(document.Root);
}
