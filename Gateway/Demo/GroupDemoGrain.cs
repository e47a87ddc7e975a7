using System.Text.Json;
using OrleansRpc.Groups;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Demo;

public sealed class GroupDemoGrain : Grain, IGroupDemoGrain
{
    private const string ChatGroupPrefix = "chat.";

    public async Task<bool> Join(string name, RpcContext context)
    {
        CheckName(name);
        await context.ConnectionGrain.JoinGroup(name);
        return true;
    }

    public async Task<bool> Leave(string name, RpcContext context)
    {
        CheckName(name);
        await context.ConnectionGrain.LeaveGroup(name);
        return true;
    }

    public async Task<bool> Send(string name, JsonElement payload)
    {
        CheckName(name);
        await GrainFactory.GetGrain<IGroupGrain>(name).Notify("notification.notif", new PayloadParams(payload));
        return true;
    }

    public Task<int> Count(string name)
    {
        CheckName(name);
        return GrainFactory.CountGroupMembers(name);
    }

    private static void CheckName(string name)
    {
        // The chat's groups are the chat grain's alone: joined through chat.join, so that a listener shows
        // in chat.members, and sent to through chat.send, so that a message has its sender's nickname.
        if (name.StartsWith(ChatGroupPrefix, StringComparison.Ordinal))
        {
            throw new JsonRpcException(
                JsonRpcErrorCodes.InvalidParams,
                "Invalid params",
                new { parameter = "name", reason = $"'name' may not begin with '{ChatGroupPrefix}': the chat's rooms are reached through chat.*" });
        }

        if (!GroupNames.IsValid(name))
        {
            throw new JsonRpcException(
                JsonRpcErrorCodes.InvalidParams,
                "Invalid params",
                new { parameter = "name", reason = $"'name' must have 1 to {GroupNames.MaxLength} characters: letters, digits, '-', '_' and '.'" });
        }
    }
}
