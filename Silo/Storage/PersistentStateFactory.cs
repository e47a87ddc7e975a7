using System.Reflection;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OrleansRpc.Silo.Hosting;
using OrleansRpc.Storage;

namespace OrleansRpc.Silo.Storage;

/// <summary>Turns a [PersistentState] constructor parameter into a factory, once per grain class.</summary>
internal static class PersistentStateFactory
{
    private static readonly MethodInfo s_create = typeof(PersistentStateFactory).GetMethod(nameof(Create), BindingFlags.NonPublic | BindingFlags.Static)!;

    public static Func<IServiceProvider, string, object> For(Type parameterType, PersistentStateAttribute attribute, string grainIdPrefix, Type grainType)
    {
        if (!parameterType.IsGenericType || parameterType.GetGenericTypeDefinition() != typeof(IPersistentState<>))
        {
            throw new InvalidOperationException($"[PersistentState] on a parameter of {grainType} that is not an IPersistentState<T>.");
        }

        var stateType = parameterType.GetGenericArguments()[0];
        return s_create.MakeGenericMethod(stateType).CreateDelegate<Func<PersistentStateAttribute, string, Func<IServiceProvider, string, object>>>()(attribute, grainIdPrefix);
    }

    private static Func<IServiceProvider, string, object> Create<TState>(PersistentStateAttribute attribute, string grainIdPrefix)
        where TState : new() =>
        (services, key) => new PersistentState<TState>(
            services.GetRequiredKeyedService<IGrainStorage>(attribute.StorageName),
            attribute.StateName,
            grainIdPrefix + key,
            services.GetRequiredService<IOptions<SiloOptions>>().Value.StateSerializerOptions);
}
