using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Catalog;
using OrleansRpc.Silo.Storage;
using OrleansRpc.Silo.Streams;
using OrleansRpc.Streams;
using OrleansRpc.Storage;

namespace OrleansRpc.Silo.Hosting;

public static class SiloServiceCollectionExtensions
{
    /// <summary>
    /// Hosts a silo in this process: the grain catalog, idle collection, and in-memory storage as
    /// the default provider unless one is registered under <see cref="PersistentStateAttribute.DefaultStorage"/>.
    /// </summary>
    /// <remarks>Calling it again adds to the same silo, so a host or a test can register more grains.</remarks>
    public static IServiceCollection AddSilo(this IServiceCollection services, Action<SiloBuilder> configure)
    {
        var existing = services.FirstOrDefault(d => d.ServiceType == typeof(GrainRegistry))?.ImplementationInstance as GrainRegistry;
        var registry = existing ?? new GrainRegistry();
        configure(new SiloBuilder(services, registry));
        if (existing is not null)
        {
            return services;
        }

        services.AddOptions<SiloOptions>();
        services.AddSingleton(registry);
        services.AddSingleton<GrainCatalog>();
        services.AddSingleton(sp => sp.GetRequiredService<GrainCatalog>().GrainFactory);
        services.TryAddKeyedSingleton<IGrainStorage, MemoryGrainStorage>(PersistentStateAttribute.DefaultStorage);
        services.TryAddSingleton<IStreamProvider, MemoryStreamProvider>();
        services.AddHostedService<SiloLifetimeService>();
        return services;
    }
}
