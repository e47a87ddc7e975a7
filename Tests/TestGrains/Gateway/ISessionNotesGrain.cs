using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

/// <summary>Keyed by the browser session: HTTP calls and WebSockets with the same cookie share it.</summary>
[RpcGrainKey(RpcKeyKind.Session)]
public interface ISessionNotesGrain : IGrainWithStringKey
{
    [JsonRpcMethod("notes.set")]
    Task<bool> Set(string key, string value);

    [JsonRpcMethod("notes.get")]
    Task<string?> Get(string key);
}
