using System.Text.Json;
using OrleansRpc.Connections;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

public sealed class NotifyDemoGrain : Grain, INotifyDemoGrain
{
    public async Task<bool> NotifyMe(JsonElement payload, RpcContext context)
    {
        await context.ConnectionGrain.Notify("notification.ownnotif", new PayloadParams(payload));
        return true;
    }
}
