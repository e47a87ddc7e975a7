using Microsoft.AspNetCore.Authorization;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Gateway;

[JsonRpcAuthorize(Roles = "admin,ops")]
public interface IAdminGrain : IGrainWithStringKey
{
    [JsonRpcMethod("admin.status")]
    Task<string> Status(RpcContext context);

    [JsonRpcMethod("admin.public")]
    [JsonRpcAllowAnonymous]
    Task<string> Public();

    [JsonRpcNotification("admin.poke")]
    Task Poke(string barrier);

    /// <summary>ASP.NET Core's own attribute, with a named policy, on top of the interface's roles.</summary>
    [JsonRpcMethod("admin.adult")]
    [Authorize(Policy = "Adult")]
    Task<string> Adult();
}
