using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Grains.Demo;
using OrleansRpc.Silo.Hosting;

namespace OrleansRpc.Gateway;

/// <summary>The default gateway: a co-hosted silo with in-memory providers, the demo grains, /rpc and /ws.</summary>
public static class GatewayApplication
{
    /// <param name="configure">Lets a host or a test add grains, options or services before the app is built.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        builder.Services.AddSilo(silo => silo.AddGrains(typeof(CalculatorGrain).Assembly));
        builder.Services.AddJsonRpc();
        configure?.Invoke(builder);

        var app = builder.Build();
        app.UseWebSockets();
        app.MapJsonRpc();
        return app;
    }
}
