using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using OrleansRpc.Connections;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Silo.Hosting;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Endpoints;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Notifications;
using OrleansRpc.Notifications;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Silo.Catalog;

namespace OrleansRpc.Gateway.Hosting;

public static class JsonRpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the JSON-RPC gateway: the method table (built from the silo's grain interfaces at start-up),
    /// the dispatcher and the HTTP and WebSocket endpoints. Map them with <c>MapJsonRpc</c>.
    /// </summary>
    public static IServiceCollection AddJsonRpc(this IServiceCollection services, Action<JsonRpcOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<JsonRpcOptions>();
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JsonRpcOptions>>().Value);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            options.SerializerOptions.MakeReadOnly(populateMissingResolver: true);
            return MethodTableBuilder.Build(sp.GetRequiredService<GrainCatalog>(), options.SerializerOptions);
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            var environment = sp.GetRequiredService<IHostEnvironment>();
            return new JsonRpcDispatcher(
                sp.GetRequiredService<MethodTable>(),
                sp.GetRequiredService<MethodAuthorizer>(),
                options,
                options.DetailedErrors ?? environment.IsDevelopment(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<JsonRpcDispatcher>(),
                sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        });
        services.AddSingleton(new ConnectionIds());
        services.AddAuthorization();
        services.AddSingleton<MethodAuthorizer>();
        services.AddSingleton<SessionCookies>();
        services.AddSingleton<ConnectionDirectory>();
        services.AddSingleton<IConnectionDirectory>(sp => sp.GetRequiredService<ConnectionDirectory>());
        services.AddSingleton<ILocalConnections>(sp => sp.GetRequiredService<ConnectionDirectory>());
        services.AddSingleton<INotificationSerializer, NotificationSerializer>();
        services.AddSingleton<GatewayCounters>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            var capacity = options.MaxConnections
                ?? (ProcessFileLimit.Read() is { } limit ? Math.Max(1, limit - options.ReservedFileDescriptors) : long.MaxValue);
            return new ConnectionBudget(capacity, sp.GetRequiredService<ILogger<ConnectionBudget>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, ConnectionBudgetSetup>());
        services.AddOptions<SessionGrainOptions>();
        services.TryAddSingleton(TimeProvider.System);

        // The built-in grains every gateway needs, whatever the application registers.
        services.AddSingleton<LocalGroupMembers>();
        services.AddSilo(silo => silo.AddGrain<ConnectionGrain>().AddGrain<SessionGrain>().AddGrain<GroupGrain>());
        services.AddSingleton<HttpRpcEndpoint>();
        services.AddSingleton<WebSocketRpcEndpoint>();
        services.AddHostedService<WebSocketKeepAlive>();
        return services;
    }
}
