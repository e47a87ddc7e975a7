using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Diagnostics.HealthChecks;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace OrleansRpc.Gateway.Health;

/// <summary>
/// <c>/healthz</c> (the process answers) and <c>/readyz</c> (its silo is active in the cluster and, in
/// cluster mode, Redis answers: <c>GatewayApplication</c> adds that check), for a load balancer to take a node out; ASP.NET Core's health checks,
/// so a host can add its own (tagged <see cref="ReadyTag"/> for readiness).
/// </summary>
public static class HealthEndpoints
{
    public const string ReadyTag = "ready";

    public const string LivePath = "/healthz";

    public const string ReadyPath = "/readyz";

    public static bool IsHealthPath(PathString path) => path.Equals(LivePath, StringComparison.OrdinalIgnoreCase) || path.Equals(ReadyPath, StringComparison.OrdinalIgnoreCase);

    /// <summary>The silo's check; a host adds its storage's (GatewayApplication adds Redis's, in cluster mode).</summary>
    public static IServiceCollection AddOrleansRpcHealthChecks(this IServiceCollection services)
    {
        services.AddHealthChecks().AddCheck<SiloActiveCheck>("silo", tags: [ReadyTag]);
        return services;
    }

    public static IEndpointRouteBuilder MapOrleansRpcHealthChecks(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapHealthChecks(LivePath, new HealthCheckOptions { Predicate = _ => false });
        endpoints.MapHealthChecks(ReadyPath, new HealthCheckOptions { Predicate = check => check.Tags.Contains(ReadyTag) });
        return endpoints;
    }
}
