using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansRpc.Gateway.Health;
using OrleansRpc.Gateway.Hosting;
using Orleans.Dashboard;
using OrleansRpc.Hosting;

namespace OrleansRpc.Gateway;

/// <summary>
/// A gateway host in one call: a co-hosted Orleans silo with the shared silo configuration (embedded:
/// localhost clustering, in-memory storage; on Redis with <c>ConnectionStrings:Redis</c>), /rpc and /ws,
/// /healthz and /readyz (Redis's answer too, in cluster mode), and the Orleans Dashboard at
/// /dashboard when <c>Dashboard:Enabled</c> is. It serves no methods of its own: the host lists its grain interfaces
/// (<see cref="JsonRpcOptions.AddGrainInterface{TGrainInterface}"/>).
/// </summary>
public static class GatewayApplication
{
    /// <summary>Where the Orleans Dashboard's pages are, when <c>Dashboard:Enabled</c> is on.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// The host's own logs at its level, Orleans's and Polly's at Warning: at Information, Orleans writes
    /// its whole options dump at start-up and Polly a line for every call, which bury a new service's own.
    /// A level the configuration sets for either (<c>Logging:LogLevel:Polly</c>, <c>...:Orleans.</c>) wins.
    /// "Orleans." with its dot: the prefix "Orleans" would also take the product's own "OrleansRpc" logs.
    /// </summary>
    private static void QuietenFrameworkLogs(WebApplicationBuilder builder)
    {
        foreach (var category in new[] { "Orleans.", "Polly" })
        {
            if (builder.Configuration[$"Logging:LogLevel:{category}"] is null)
            {
                builder.Logging.AddFilter(category, LogLevel.Warning);
            }
        }
    }

    /// <param name="configure">Lets a host or a test add options or services before the app is built.</param>
    /// <param name="configureSilo">Lets a host or a test configure the silo as in any Orleans app.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        QuietenFrameworkLogs(builder);
        builder.UseOrleans(silo =>
        {
            silo.ConfigureOrleansRpcSilo(builder.Configuration);
            configureSilo?.Invoke(silo);
        });
        builder.Services.AddJsonRpc();
        // Kestrel takes only its endpoints and certificates from the "Kestrel" section by itself; its limits
        // (Kestrel:Limits:RequestHeadersTimeout, MaxRequestHeadersTotalSize, ...) are a deployment's to set too.
        builder.Services.Configure<KestrelServerOptions>(builder.Configuration.GetSection("Kestrel"));
        builder.Services.AddOrleansRpcHealthChecks();
        if (builder.Configuration.GetConnectionString("Redis") is { Length: > 0 } redis)
        {
            builder.Services.AddSingleton(new RedisReachableCheck(redis));
            builder.Services.AddHealthChecks().AddCheck<RedisReachableCheck>("redis", tags: [HealthEndpoints.ReadyTag]);
        }

        configure?.Invoke(builder);

        var app = builder.Build();
        if (app.Services.GetService<IAuthenticationSchemeProvider>() is not null)
        {
            // The user of every HTTP call and of every WebSocket upgrade comes from the host's schemes.
            app.UseAuthentication();
        }

        // Before the endpoints: answers POST /rpc's preflight and marks its answers for JsonRpcOptions.AllowedOrigins.
        app.UseCors();
        app.UseWebSockets();
        app.MapJsonRpc();
        app.MapOrleansRpcHealthChecks();

        if (app.Configuration.GetValue<bool>(SiloConfiguration.DashboardKey))
        {
            app.MapOrleansDashboard(DashboardPath);
        }

        return app;
    }
}
