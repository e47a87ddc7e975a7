using System.Collections.Concurrent;
using System.Reflection;
using System.Security.Claims;
using Microsoft.AspNetCore.Authorization;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Enforces [JsonRpcAuthorize] and ASP.NET Core's [Authorize] on grain interfaces and methods, per call,
/// against the user the host's authentication established. Methods without them cost nothing.
/// </summary>
public sealed class MethodAuthorizer(IAuthorizationService authorization, IAuthorizationPolicyProvider policies)
{
    private readonly ConcurrentDictionary<MethodInfo, Task<AuthorizationPolicy?>> _policies = new();

    /// <summary>What a method demands, or null when it is open to everyone.</summary>
    internal static IAuthorizeData[]? Requirements(Type contract, MethodInfo method)
    {
        if (method.GetCustomAttributes(true).Any(a => a is IAllowAnonymous or JsonRpcAllowAnonymousAttribute))
        {
            return null;
        }

        var demands = contract.GetCustomAttributes(true).Concat(method.GetCustomAttributes(true))
            .SelectMany(ToAuthorizeData)
            .ToArray();
        return demands.Length == 0 ? null : demands;
    }

    internal async ValueTask<bool> IsAllowedAsync(RpcMethod method, ClaimsPrincipal user)
    {
        var policy = await _policies.GetOrAdd(method.Method, _ => AuthorizationPolicy.CombineAsync(policies, method.Authorization!));
        return policy is null || (await authorization.AuthorizeAsync(user, policy)).Succeeded;
    }

    private static IEnumerable<IAuthorizeData> ToAuthorizeData(object attribute) => attribute switch
    {
        IAuthorizeData data => [data],
        JsonRpcAuthorizeAttribute rpc => [new AuthorizeAttribute { Policy = rpc.Policy, Roles = rpc.Roles }],
        _ => [],
    };
}
