using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Silo.Catalog;
using OrleansRpc.Silo.Storage;

namespace OrleansRpc.Silo.Hosting;

/// <summary>What <see cref="SiloServiceCollectionExtensions.AddSilo"/> hands its configuration callback.</summary>
public sealed class SiloBuilder(IServiceCollection services, GrainRegistry registry)
{
    public IServiceCollection Services { get; } = services;

    /// <summary>Hosts every concrete grain class of the assembly.</summary>
    public SiloBuilder AddGrains(Assembly assembly)
    {
        registry.AddAssembly(assembly);
        return this;
    }

    public SiloBuilder AddGrain<TGrain>() where TGrain : OrleansRpc.Runtime.Grain
    {
        registry.Add(typeof(TGrain));
        return this;
    }

    public SiloBuilder AddMemoryGrainStorage(string name)
    {
        Services.AddKeyedSingleton<IGrainStorage, MemoryGrainStorage>(name);
        return this;
    }

    public SiloBuilder Configure(Action<SiloOptions> configure)
    {
        Services.Configure(configure);
        return this;
    }
}
