using System.ComponentModel;
using Orleans;
using OrleansRpc.Rpc;

namespace MyService.Greetings;

/// <summary>
/// The service's RPC methods. Without [RpcGrainKey] each connection has a grain of its own (every HTTP
/// request is a connection), which Orleans deactivates when the connection ends.
/// </summary>
public interface IGreeterGrain : IGrainWithStringKey
{
    [Description("Greets a name, and says how many greetings this connection has had.")]
    [JsonRpcMethod("greet")]
    Task<string> Greet(string name);
}
