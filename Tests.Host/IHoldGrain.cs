using Orleans;
using OrleansRpc.Rpc;

namespace OrleansRpc.Tests.Host;

/// <summary>A call the test holds open from outside the process, through the host's standard input.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IHoldGrain : IGrainWithStringKey
{
    /// <summary>Writes <c>entered {name}</c> on standard output, then answers once the line <c>release {name}</c> is read.</summary>
    [JsonRpcMethod("test.hold")]
    Task<string> Hold(string name);
}
