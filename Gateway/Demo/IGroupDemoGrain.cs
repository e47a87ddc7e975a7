using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Groups, as the original library's demo had them: every member gets <c>notification.notif</c>.</summary>
public interface IGroupDemoGrain : IGrainWithStringKey
{
    [JsonRpcMethod("group.join", Http = false)]
    Task<bool> Join(string name, RpcContext context);

    [JsonRpcMethod("group.leave", Http = false)]
    Task<bool> Leave(string name, RpcContext context);

    /// <summary>Sends <c>notification.notif</c> with <c>{"payload": payload}</c> to every member, the sender too if a member.</summary>
    [JsonRpcMethod("group.send")]
    Task<bool> Send(string name, JsonElement payload);

    [JsonRpcMethod("group.count")]
    Task<int> Count(string name);
}
