using System.ComponentModel;
using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Inbound notifications: they take anything, are logged, and are never answered.</summary>
[RpcGrainKey(RpcKeyKind.Stateless)]
public interface IEventLogGrain : IGrainWithStringKey
{
    [Description("An inbound notification: logged, never answered.")]
    [JsonRpcNotification("update")]
    Task Update([JsonRpcParams] JsonElement parameters, RpcContext context);

    [Description("An inbound notification: logged, never answered.")]
    [JsonRpcNotification("notify_hello")]
    Task NotifyHello([JsonRpcParams] JsonElement parameters, RpcContext context);

    [Description("An inbound notification: logged, never answered.")]
    [JsonRpcNotification("notify_sum")]
    Task NotifySum([JsonRpcParams] JsonElement parameters, RpcContext context);

    [Description("An inbound notification: logged, never answered.")]
    [JsonRpcNotification("notif1")]
    Task Notif1([JsonRpcParams] JsonElement parameters, RpcContext context);
}
