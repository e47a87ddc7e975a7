using OpenTelemetry.Trace;
using OrleansRpc.Gateway.Health;
using OrleansRpc.Hosting.Telemetry;

namespace OrleansRpc.Gateway.Telemetry;

/// <summary>
/// With OTLP export on (<see cref="OtlpExport"/>), a Gateway's HTTP requests are spans too, the parents of
/// its JSON-RPC calls' spans, with OpenTelemetry's HTTP attributes (route, method, status). Not the health
/// probes: a load balancer, or Aspire's dashboard, asks every few seconds, and each would be a trace.
/// </summary>
internal static class RequestTracing
{
    public static void AddRequestTracing(this WebApplicationBuilder builder)
    {
        if (OtlpExport.IsConfigured(builder.Configuration))
        {
            builder.Services.ConfigureOpenTelemetryTracerProvider(tracing =>
                tracing.AddAspNetCoreInstrumentation(options => options.Filter = context => !HealthEndpoints.IsHealthPath(context.Request.Path)));
        }
    }
}
