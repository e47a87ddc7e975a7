using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Hosting;
using Orleans.Metadata;
using Orleans.Runtime;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Serialization.Cloning;
using OrleansRpc.Grains.Connections;
using OrleansRpc.Grains.Directory;
using OrleansRpc.Grains.Groups;
using OrleansRpc.Grains.Placement;
using OrleansRpc.Grains.Progress;
using OrleansRpc.Grains.Serialization;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Grains.Storage;
using OrleansRpc.Notifications;
using OrleansRpc.Serialization;

namespace OrleansRpc.Grains.Hosting;

public static class OrleansRpcSiloBuilderExtensions
{
    /// <summary>
    /// What every silo of an OrleansRpc cluster needs, gateway or not: the placement that keeps a
    /// connection's grains on the node holding its socket, group delivery, and System.Text.Json as the
    /// Orleans codec for plain JSON types. Storage and clustering stay the host's choice
    /// (<c>OrleansRpc.Hosting</c>'s <c>SiloConfiguration</c> makes the one the Gateway and the Silo share).
    /// </summary>
    public static ISiloBuilder AddOrleansRpc(this ISiloBuilder silo)
    {
        var services = silo.Services;
        if (services.Any(d => d.ServiceType == typeof(ConnectionActivations)))
        {
            return silo;
        }

        silo.AddPlacementDirector<ConnectionPlacement, ConnectionPlacementDirector>();
        services.AddSingleton<NodeTag>();
        services.AddSingleton<ConnectionActivations>();
        services.AddSingleton<PerConnectionGrains>();
        services.AddSingleton<IGrainPropertiesProvider>(sp => sp.GetRequiredService<PerConnectionGrains>());
        services.AddSingleton<IConfigureGrainContextProvider>(sp => sp.GetRequiredService<PerConnectionGrains>());
        // Grains bound to a node are found without a peer, so another node's death does not reach them
        // (ARCHITECTURE.md, "A node's death"); every other grain keeps Orleans's default directory.
        services.AddSingleton<IGrainPropertiesProvider, NodeLocalGrains>();
        silo.AddGrainDirectory(NodeLocalGrainDirectory.Name, static (sp, _) => new NodeLocalGrainDirectory(sp.GetRequiredService<NodeTag>()));
        services.AddMetrics();
        services.AddSingleton<GroupMetrics>();
        services.AddSingleton<ClusterNodes>();
        services.AddSingleton<LocalConnectionStates>();
        // A gateway puts its own sockets here (AddJsonRpc); a silo without one has none.
        services.TryAddSingleton<INodeConnections, NoNodeConnections>();
        services.AddOptions<SessionGrainOptions>();

        // A session that forgets when collected is collected after its idle timeout: a sliding expiry.
        services.AddOptions<GrainCollectionOptions>().Configure<IOptions<SessionGrainOptions>>((collection, sessions) =>
        {
            if (sessions.Value.ForgetWhenCollected)
            {
                collection.ClassSpecificCollectionAge[typeof(SessionGrain).FullName!] = sessions.Value.IdleTimeout;
            }
        });
        services.AddOptions<GroupOptions>();
        services.AddOptions<StorageFailureOptions>();
        services.TryAddSingleton<StorageFailures>();
        services.TryAddSingleton(TimeProvider.System);

        // A method's IProgress<T>: its reports wait on the grain's node until the caller's gateway takes them.
        services.AddSingleton<ProgressReports>();
        silo.AddGrainExtension<IProgressExtension, ProgressExtension>();

        services.AddOrleansRpcSerialization();
        return silo;
    }

    /// <summary>
    /// How OrleansRpc's values cross grain calls, for a silo (<see cref="AddOrleansRpc"/> adds it) and for
    /// an Orleans client of the cluster: parameter and result types of RPC methods are usually plain .NET
    /// types with no Orleans attributes, and they cross as JSON. Types with [GenerateSerializer] keep
    /// Orleans's own codecs, which are found first; exceptions keep Orleans's exception codec.
    /// </summary>
    public static IServiceCollection AddOrleansRpcSerialization(this IServiceCollection services)
    {
        // The node's JSON options: the defaults, unless the gateway (AddJsonRpc) or the host registers its
        // own. Local copies go through JsonCopier, which tells a value JSON cannot carry from a method that threw.
        services.TryAddSingleton(_ => new RpcSerializer(RpcSerializer.CreateDefaultOptions()));
        services.AddSerializer(serializer => serializer.AddJsonSerializer(
            isSerializable: PlainJsonTypes.Includes,
            isCopyable: null,
            options => options.Configure<RpcSerializer>((o, rpc) => o.SerializerOptions = rpc.Options)));
        services.AddSingleton<IGeneralizedCopier, JsonCopier>();
        services.TryAddSingleton<ServerNotificationHooks>();
        return services;
    }

    /// <summary>
    /// Publishes every group notification on an Orleans memory stream too (<see cref="GroupStreams"/>), so
    /// that application grains can subscribe to a group. Sockets never depend on it.
    /// </summary>
    public static ISiloBuilder AddOrleansRpcGroupStreams(this ISiloBuilder silo)
    {
        silo.Services.Configure<GroupOptions>(o => o.PublishToStream = true);
        silo.AddMemoryStreams(GroupStreams.ProviderName);
        if (!silo.Services.Any(d => d.IsKeyedService && Equals(d.ServiceKey, "PubSubStore")))
        {
            silo.AddMemoryGrainStorage("PubSubStore");
        }

        return silo;
    }
}
