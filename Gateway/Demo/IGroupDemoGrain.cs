using System.ComponentModel;
using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Groups, as the original library's demo had them: every member gets <c>notification.notif</c>.</summary>
public interface IGroupDemoGrain : IGrainWithStringKey
{
    [Description("Joins the connection to a group (WebSocket only); names beginning with chat. are refused.")]
    [JsonRpcMethod("group.join", Http = false)]
    Task<bool> Join(string name, RpcContext context);

    [Description("Takes the connection out of a group.")]
    [JsonRpcMethod("group.leave", Http = false)]
    Task<bool> Leave(string name, RpcContext context);

    /// <summary>Sends <c>notification.notif</c> with <c>{"payload": payload}</c> to every member, the sender too if a member.</summary>
    [Description("Sends notification.notif {payload} to every member of a group.")]
    [JsonRpcMethod("group.send")]
    Task<bool> Send(string name, JsonElement payload);

    [Description("How many connections are in a group, over every node; activates nothing.")]
    [JsonRpcMethod("group.count")]
    Task<int> Count(string name);
}
