using Microsoft.Extensions.Configuration;
using OpenTelemetry.Metrics;
using OrleansRpc.Diagnostics;

namespace OrleansRpc.Gateway.Diagnostics;

/// <summary>
/// A Prometheus scrape endpoint at <c>/metrics</c>, through OpenTelemetry: the product's meter and
/// Orleans's own. A host opts in by referencing this package; the demo turns it on when the configuration
/// key <c>Metrics:Prometheus</c> is <c>true</c> (environment <c>Metrics__Prometheus</c>). Off by default,
/// since it shows the service's traffic to whoever can reach the port.
/// </summary>
public static class MetricsEndpoint
{
    public const string ConfigurationKey = "Metrics:Prometheus";

    public const string Path = "/metrics";

    /// <summary>The meter Orleans's runtime reports on (grain calls, activations, messaging).</summary>
    public const string OrleansMeterName = "Microsoft.Orleans";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(ConfigurationKey);

    public static IServiceCollection AddPrometheusMetrics(this IServiceCollection services) =>
        services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics.AddMeter(OrleansRpcMeter.Name, OrleansMeterName).AddPrometheusExporter())
            .Services;

    public static IEndpointConventionBuilder MapPrometheusMetrics(this IEndpointRouteBuilder endpoints) =>
        endpoints.MapPrometheusScrapingEndpoint(Path);
}
