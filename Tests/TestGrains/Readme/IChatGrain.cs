using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Readme;

/// <summary>The README's groups example.</summary>
public interface IChatGrain : IGrainWithStringKey
{
    [JsonRpcMethod("chat.enter", Http = false)]
    Task<int> Enter(string room, string nick, RpcContext context);

    [JsonRpcMethod("chat.say")]
    Task<bool> Say(string room, string text, RpcContext context);
}
