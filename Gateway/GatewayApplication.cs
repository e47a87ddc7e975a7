using Microsoft.AspNetCore.Authentication;
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
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            // The user of every HTTP call and of every WebSocket upgrade comes from the host's schemes.
            app.UseAuthentication();
        }

        app.UseWebSockets();
        app.MapJsonRpc();
        return app;
    }
}
