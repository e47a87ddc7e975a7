using System.Text.Json;
using Microsoft.AspNetCore.SignalR;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>The .NET peer users would pick instead: a SignalR hub with the same methods as the JSON-RPC demo.</summary>
internal sealed class BenchmarkHub : Hub
{
    public long Subtract(long minuend, long subtrahend) => minuend - subtrahend;

    public async Task<bool> Join(string group)
    {
        await Groups.AddToGroupAsync(Context.ConnectionId, group);
        return true;
    }

    /// <summary>The counterpart of <c>group.send</c>: every member gets <c>notif</c> with <c>{"payload": payload}</c>.</summary>
    public async Task<bool> Send(string group, JsonElement payload)
    {
        await Clients.Group(group).SendAsync("notif", new GroupPayload(payload));
        return true;
    }
}
