using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using OrleansRpc.Gateway.Health;
using OrleansRpc.Gateway.Telemetry;
using OrleansRpc.Gateway.Hosting;
using Orleans.Dashboard;
using OrleansRpc.Hosting;
using OrleansRpc.Hosting.Telemetry;
using StackExchange.Redis;

namespace OrleansRpc.Gateway;

/// <summary>
/// A gateway host in one call: a co-hosted Orleans silo with the shared silo configuration (embedded:
/// localhost clustering, in-memory storage; on Redis with <c>ConnectionStrings:Redis</c>), /rpc and /ws,
/// /healthz and /readyz (Redis's answer too, in cluster mode), the Orleans Dashboard at
/// /dashboard when <c>Dashboard:Enabled</c> is, and OTLP export when <c>OTEL_EXPORTER_OTLP_ENDPOINT</c> is set. It serves no methods of its own: the host lists its grain interfaces
/// (<see cref="JsonRpcOptions.AddGrainInterface{TGrainInterface}"/>).
/// </summary>
public static class GatewayApplication
{
    /// <summary>Where the Orleans Dashboard's pages are, when <c>Dashboard:Enabled</c> is on.</summary>
    public const string DashboardPath = "/dashboard";

    /// <summary>The Data Protection application name every Gateway of a cluster shares.</summary>
    public const string DataProtectionApplicationName = "OrleansRpc";

    /// <summary>The Redis key of the cluster's Data Protection key ring.</summary>
    public const string DataProtectionKeysKey = "orleansrpc:data-protection-keys";

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

    /// <summary>
    /// Session cookies are protected with ASP.NET Core Data Protection (SessionCookies); every Gateway of a
    /// cluster must read every other's, including one started later, so the key ring lives in the
    /// cluster's Redis under one application name, with no setting to share. A host that configures its
    /// own key ring (in <c>configure</c>, which runs after this) keeps it. Embedded, ASP.NET Core's default
    /// applies: the user profile's key folder, or memory where there is none.
    /// </summary>
    private static void ShareDataProtectionKeys(WebApplicationBuilder builder, string redis)
    {
        // Connected on first use, and reconnecting on its own while Redis is away (RedisCluster.Options).
        var connection = new Lazy<IConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(RedisCluster.Options(redis)));
        builder.Services.AddDataProtection()
            .SetApplicationName(DataProtectionApplicationName)
            .PersistKeysToStackExchangeRedis(() => connection.Value.GetDatabase(), DataProtectionKeysKey);
    }

    /// <param name="configure">Lets a host or a test add options or services before the app is built.</param>
    /// <param name="configureSilo">Lets a host or a test configure the silo as in any Orleans app.</param>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null, Action<ISiloBuilder>? configureSilo = null)
    {
        var builder = WebApplication.CreateBuilder(args);
        QuietenFrameworkLogs(builder);
        builder.AddOtlpExport();
        builder.AddRequestTracing();
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
            ShareDataProtectionKeys(builder, redis);
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
