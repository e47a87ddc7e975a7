using System.ComponentModel;
using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

/// <summary>Outbound notifications, as the original library's demo consumer had them.</summary>
public interface INotifyDemoGrain : IGrainWithStringKey
{
    /// <summary>Sends <c>notification.ownnotif</c> with <c>{"payload": payload}</c> to the caller, then answers true.</summary>
    [Description("Sends notification.ownnotif {payload} to the caller, before the answer.")]
    [JsonRpcMethod("notify.me", Http = false)]
    Task<bool> NotifyMe(JsonElement payload, RpcContext context);
}
