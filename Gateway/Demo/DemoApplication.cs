using Microsoft.Extensions.FileProviders;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Diagnostics;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Demo;

/// <summary>
/// The demo gateway, as <c>dotnet run --project Gateway</c> starts it: a gateway that serves the demo's
/// methods, the chat page at <c>/</c>, and Prometheus's <c>/metrics</c> when <c>Metrics:Prometheus</c> is on.
/// </summary>
public static class DemoApplication
{
    /// <inheritdoc cref="GatewayApplication.Build"/>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var app = GatewayApplication.Build(
            args,
            builder =>
            {
                builder.Services.Configure<JsonRpcOptions>(o => o.AddGrainInterfaces(typeof(DemoApplication).Assembly));
                if (MetricsEndpoint.IsEnabled(builder.Configuration))
                {
                    builder.Services.AddPrometheusMetrics();
                }

                configure?.Invoke(builder);
            },
            configureSilo);
        if (MetricsEndpoint.IsEnabled(app.Configuration))
        {
            app.MapPrometheusMetrics();
        }

        var files = new FileServerOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DemoApplication).Assembly, "OrleansRpc.Demo.wwwroot"),
        };

        // The page loads only its own script and style and talks only to its own origin; no other page may frame it.
        files.StaticFileOptions.OnPrepareResponse = file =>
        {
            var headers = file.Context.Response.Headers;
            headers.ContentSecurityPolicy = "default-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'";
            headers.XContentTypeOptions = "nosniff";
        };
        app.UseFileServer(files);
        return app;
    }
}
