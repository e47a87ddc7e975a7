using System.Text.Json;
using Microsoft.Extensions.Logging;
using OrleansRpc.Rpc;
using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Demo;

[StatelessWorker]
public sealed class EventLogGrain(ILogger<EventLogGrain> logger) : Grain, IEventLogGrain
{
    public Task Update(JsonElement parameters, RpcContext context) => Log("update", parameters, context);

    public Task NotifyHello(JsonElement parameters, RpcContext context) => Log("notify_hello", parameters, context);

    public Task NotifySum(JsonElement parameters, RpcContext context) => Log("notify_sum", parameters, context);

    public Task Notif1(JsonElement parameters, RpcContext context) => Log("notif1", parameters, context);

    private Task Log(string name, JsonElement parameters, RpcContext context)
    {
        logger.LogInformation(
            "Notification {Name} from {ConnectionId}: {Params}",
            name,
            context.ConnectionId,
            parameters.ValueKind == JsonValueKind.Undefined ? "(no params)" : parameters.GetRawText());
        return Task.CompletedTask;
    }
}
