using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansRpc.Diagnostics;

namespace OrleansRpc.Hosting.Telemetry;

/// <summary>
/// A node's traces, metrics and logs over OTLP when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set: the
/// ecosystem's convention, and what an Aspire AppHost sets for every process it starts (with
/// <c>OTEL_SERVICE_NAME</c>, <c>OTEL_EXPORTER_OTLP_PROTOCOL</c> and <c>OTEL_EXPORTER_OTLP_HEADERS</c>, which
/// OpenTelemetry's exporter reads by itself). Without it nothing is added, so a node that exports nothing
/// pays nothing. A trace crosses nodes only with Orleans's activity propagation on (<c>Tracing:Enabled</c>,
/// <see cref="SiloConfiguration.TracingKey"/>). ARCHITECTURE.md, "Telemetry".
/// </summary>
public static class OtlpExport
{
    public const string EndpointKey = "OTEL_EXPORTER_OTLP_ENDPOINT";

    /// <summary>
    /// Orleans's activities for grain calls, made and received (with <c>Tracing:Enabled</c>): under
    /// <c>.Application</c>, or <c>.Runtime</c> for an interface whose namespace begins with "Orleans", as the
    /// product's own and the demo's (<c>OrleansRpc.*</c>) do.
    /// </summary>
    public static readonly string[] OrleansSources = ["Microsoft.Orleans.Application", OrleansRuntimeRootFilter.RuntimeSource];

    /// <summary>Orleans's meter: grain calls, activations, messaging, membership.</summary>
    public const string OrleansMeter = "Microsoft.Orleans";

    public static bool IsConfigured(IConfiguration configuration) => !string.IsNullOrWhiteSpace(configuration[EndpointKey]);

    public static TBuilder AddOtlpExport<TBuilder>(this TBuilder builder)
        where TBuilder : IHostApplicationBuilder
    {
        if (!IsConfigured(builder.Configuration))
        {
            return builder;
        }

        builder.Logging.AddOpenTelemetry(logs =>
        {
            logs.IncludeFormattedMessage = true;
            logs.IncludeScopes = true;
        });
        builder.Services.AddOpenTelemetry()
            .WithMetrics(metrics => metrics
                .AddMeter(OrleansRpcMeter.Name, OrleansMeter)
                // ASP.NET Core's and the runtime's own meters (requests, Kestrel's connections, GC, thread pool).
                .AddMeter("Microsoft.AspNetCore.Hosting", "Microsoft.AspNetCore.Server.Kestrel", "System.Runtime"))
            .WithTracing(tracing => tracing
                .AddSource(OrleansRpcMeter.Name)
                .AddSource(OrleansSources)
                .AddProcessor(new OrleansRuntimeRootFilter()))
            .UseOtlpExporter();
        return builder;
    }
}
