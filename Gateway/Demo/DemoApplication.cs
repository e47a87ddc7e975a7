using Microsoft.Extensions.FileProviders;
using OrleansRpc.Gateway;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Demo;

/// <summary>
/// The demo gateway, as <c>dotnet run --project Gateway</c> starts it: a gateway that serves the demo's
/// methods, and the chat page at <c>/</c>.
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
                configure?.Invoke(builder);
            },
            configureSilo);
        app.UseFileServer(new FileServerOptions
        {
            FileProvider = new EmbeddedFileProvider(typeof(DemoApplication).Assembly, "OrleansRpc.Demo.wwwroot"),
        });
        return app;
    }
}
