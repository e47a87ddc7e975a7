using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using OrleansRpc.Hosting.Telemetry;

namespace OrleansRpc.Tests.Telemetry;

/// <summary>OTLP export is there when OTEL_EXPORTER_OTLP_ENDPOINT is set, and nothing of it otherwise.</summary>
public sealed class OtlpExportTests
{
    [Fact]
    public void WithTheEndpointSetANodeHasTracesAndMetrics()
    {
        using var host = Builder(new() { [OtlpExport.EndpointKey] = "http://127.0.0.1:9" }).AddOtlpExport().Build();

        Assert.NotNull(host.Services.GetService<TracerProvider>());
        Assert.NotNull(host.Services.GetService<MeterProvider>());
    }

    [Fact]
    public void WithoutItNothingIsAdded()
    {
        using var host = Builder([]).AddOtlpExport().Build();

        Assert.Null(host.Services.GetService<TracerProvider>());
        Assert.Null(host.Services.GetService<MeterProvider>());
    }

    /// <summary>A host whose configuration is only <paramref name="settings"/>: not this process's environment.</summary>
    private static HostApplicationBuilder Builder(Dictionary<string, string?> settings)
    {
        var builder = new HostApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Configuration.AddInMemoryCollection(settings);
        return builder;
    }
}
