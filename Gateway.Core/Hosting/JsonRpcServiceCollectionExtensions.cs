using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Hosting;
using OrleansRpc.Gateway.Diagnostics;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Orleans;
using Orleans.Configuration;
using OrleansRpc.Gateway.Client;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Delivery;
using OrleansRpc.Gateway.Discovery;
using OrleansRpc.Gateway.Enumerations;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Endpoints;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Grains.Progress;
using OrleansRpc.Grains.Storage;
using OrleansRpc.Serialization;

namespace OrleansRpc.Gateway.Hosting;

public static class JsonRpcServiceCollectionExtensions
{
    /// <summary>
    /// Adds the JSON-RPC gateway to a host that co-hosts an Orleans silo (<c>UseOrleans</c>, with
    /// <c>AddOrleansRpc</c>): the method table (built at start-up from
    /// <see cref="JsonRpcOptions.GrainInterfaces"/>), the dispatcher and the HTTP and WebSocket endpoints.
    /// Map them with <c>MapJsonRpc</c>. It adds no grains and no methods of its own.
    /// </summary>
    public static IServiceCollection AddJsonRpc(this IServiceCollection services, Action<JsonRpcOptions>? configure = null)
    {
        var optionsBuilder = services.AddOptions<JsonRpcOptions>();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<JsonRpcOptions>, JsonRpcOptionsFromConfiguration>());
        if (configure is not null)
        {
            optionsBuilder.Configure(configure);
        }

        services.AddSingleton(sp => sp.GetRequiredService<IOptions<JsonRpcOptions>>().Value);
        // The node's JSON options are the gateway's: its grains, Orleans's codec and notifications use them
        // too. This replaces the defaults of AddOrleansRpc, whichever is called first.
        services.RemoveAll<RpcSerializer>();
        services.AddSingleton(sp => new RpcSerializer(sp.GetRequiredService<JsonRpcOptions>().SerializerOptions));
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            var serializer = sp.GetRequiredService<RpcSerializer>();
            return MethodTableBuilder.Build(
                (options.Discovery ? options.GrainInterfaces.Append(typeof(IOpenRpcGrain)) : options.GrainInterfaces).Append(typeof(IEnumeratorGrain)),
                sp.GetRequiredService<IOptions<GrainTypeOptions>>().Value.Classes,
                serializer.Options,
                sp.GetRequiredService<ProgressReports>());
        });
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            var environment = sp.GetRequiredService<IHostEnvironment>();
            return new JsonRpcDispatcher(
                sp.GetRequiredService<MethodTable>(),
                sp.GetRequiredService<MethodAuthorizer>(),
                sp.GetRequiredService<IGrainFactory>(),
                sp.GetRequiredService<NodeConnections>(),
                options,
                options.DetailedErrors ?? environment.IsDevelopment(),
                sp.GetRequiredService<RpcMetrics>(),
                sp.GetRequiredService<StorageFailures>(),
                sp.GetRequiredService<ILoggerFactory>().CreateLogger<JsonRpcDispatcher>(),
                sp.GetRequiredService<IHostApplicationLifetime>().ApplicationStopping);
        });
        services.AddSingleton(sp => new ConnectionIds(sp.GetRequiredService<NodeTag>().Value));
        services.AddAuthorization();
        services.AddSingleton<MethodAuthorizer>();
        // Session cookies are protected with the host's Data Protection key ring (ASP.NET Core's default unless
        // the host, or GatewayApplication in cluster mode, says where it lives).
        services.AddDataProtection();
        services.AddSingleton<SessionCookies>();
        services.AddSingleton(sp => new RpcSessions(sp.GetRequiredService<SessionCookies>(), sp.GetRequiredService<IGrainFactory>()));
        services.AddSingleton<NodeConnections>();
        // This node's sockets, for the grains: replaces the socketless default of AddOrleansRpc.
        services.RemoveAll<INodeConnections>();
        services.AddSingleton<INodeConnections>(sp => sp.GetRequiredService<NodeConnections>());
        services.AddSingleton<ConnectionDirectory>();
        services.AddSingleton<GatewayCounters>();
        services.AddSingleton(sp => new WebSocketsPerAddress(sp.GetRequiredService<JsonRpcOptions>().MaxWebSocketsPerAddress));
        services.AddSingleton(sp => new WebSocketUpgradeRate(sp.GetRequiredService<JsonRpcOptions>().MaxWebSocketUpgradesPerSecondPerAddress));
        services.AddMetrics();
        services.AddSingleton<RpcMetrics>();
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            var capacity = options.MaxConnections
                ?? (ProcessFileLimit.Read() is { } limit ? Math.Max(1, limit - options.ReservedFileDescriptors) : long.MaxValue);
            return new ConnectionBudget(capacity, options.MaxConnectionsPerAddress, sp.GetRequiredService<ILogger<ConnectionBudget>>());
        });
        services.TryAddSingleton(sp => new ConnectionPacing(sp.GetRequiredService<JsonRpcOptions>().MaxNewConnectionsPerSecond, sp.GetRequiredService<ILogger<ConnectionPacing>>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<JsonRpcOptions>();
            return new ConnectionOpenings(options.MaxOpeningConnections, options.MaxOpeningTime, sp.GetRequiredService<ILogger<ConnectionOpenings>>());
        });
        services.TryAddEnumerable(ServiceDescriptor.Transient<IStartupFilter, ConnectionOpeningEnds>());
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConfigureOptions<KestrelServerOptions>, ConnectionLimitsSetup>());

        // Last of the transports, as Kestrel takes the last: it binds with the one before it (ConnectionPacing).
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IConnectionListenerFactory, PacedConnectionListenerFactory>());
        services.TryAddSingleton(TimeProvider.System);
        // POST /rpc from the AllowedOrigins (MapJsonRpc gives it their policy).
        services.AddCors();
        services.AddSingleton<HttpRpcEndpoint>();
        services.AddSingleton<WebSocketRpcEndpoint>();
        services.AddSingleton<ClientScriptEndpoint>();
        services.AddSingleton(sp => new OpenRpcDocument(
            sp.GetRequiredService<MethodTable>(),
            sp.GetRequiredService<JsonRpcOptions>(),
            sp.GetRequiredService<IHostEnvironment>().ApplicationName,
            ApplicationVersion()));
        services.AddHostedService<WebSocketKeepAlive>();

        // After UseOrleans, so that it stops before the silo: see GatewayDrain.
        services.AddHostedService<GatewayDrain>();
        return services;
    }

    // The host's version, as its project sets it (<Version>), for the document's info.version.
    private static string ApplicationVersion()
    {
        var assembly = System.Reflection.Assembly.GetEntryAssembly();
        var informational = assembly?.GetCustomAttributes(typeof(System.Reflection.AssemblyInformationalVersionAttribute), false)
            .OfType<System.Reflection.AssemblyInformationalVersionAttribute>().FirstOrDefault()?.InformationalVersion;
        // The build metadata (+commit) says nothing to a client.
        return informational?.Split('+')[0] ?? assembly?.GetName().Version?.ToString() ?? "0.0.0";
    }
}
