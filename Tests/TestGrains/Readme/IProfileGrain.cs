using System.Text.Json;
using OrleansRpc.Rpc;
using Orleans;

namespace OrleansRpc.Tests.TestGrains.Readme;

/// <summary>The README's RpcContext example.</summary>
public interface IProfileGrain : IGrainWithStringKey
{
    [JsonRpcMethod("profile.remember")]
    Task<bool> Remember(string key, JsonElement value, RpcContext context);

    [JsonRpcMethod("profile.admin")]
    [JsonRpcAuthorize(Roles = "admin")]
    Task<string> Admin(RpcContext context);
}
