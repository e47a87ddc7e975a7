using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Inbound notifications: they take anything, are logged, and are never answered.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IEventLogGrain : IGrainWithStringKey
{
    [JsonRpcNotification("update")]
    Task Update([JsonRpcParams] JsonElement parameters, RpcContext context);

    [JsonRpcNotification("notify_hello")]
    Task NotifyHello([JsonRpcParams] JsonElement parameters, RpcContext context);

    [JsonRpcNotification("notify_sum")]
    Task NotifySum([JsonRpcParams] JsonElement parameters, RpcContext context);

    [JsonRpcNotification("notif1")]
    Task Notif1([JsonRpcParams] JsonElement parameters, RpcContext context);
}
