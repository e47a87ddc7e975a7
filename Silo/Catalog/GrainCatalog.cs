using System.Collections.Frozen;
using Microsoft.Extensions.Logging;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.References;

namespace OrleansRpc.Silo.Catalog;

/// <summary>The silo's registered grain classes, the interfaces they implement, and their activations.</summary>
public sealed class GrainCatalog
{
    private readonly FrozenDictionary<Type, GrainClass> _byInterface;
    private readonly GrainClass[] _classes;

    public GrainCatalog(IServiceProvider services, GrainRegistry registry, ILogger<GrainCatalog> logger)
    {
        Services = services;
        Logger = logger;
        _classes = [.. registry.GrainTypes.Select(t => new GrainClass(t, this))];
        _byInterface = registry.InterfaceMap.ToFrozenDictionary(
            pair => pair.Key,
            pair => _classes.First(c => c.Type == pair.Value));
        GrainFactory = new GrainFactory(this);
    }

    public IGrainFactory GrainFactory { get; }

    /// <summary>Every grain interface with a registered implementation.</summary>
    public IEnumerable<Type> GrainInterfaces => _byInterface.Keys;

    public IReadOnlyList<GrainClass> GrainClasses => _classes;

    internal IServiceProvider Services { get; }

    internal ILogger Logger { get; }

    public GrainClass GetGrainClass(Type grainInterface) =>
        _byInterface.TryGetValue(grainInterface, out var grainClass)
            ? grainClass
            : throw new InvalidOperationException($"No grain class implements {grainInterface}. Register its assembly with AddGrains.");

    /// <summary>Deactivates every activation that has been idle for at least <paramref name="age"/>.</summary>
    public int CollectIdleActivations(TimeSpan age)
    {
        var idleSince = Environment.TickCount64 - (long)age.TotalMilliseconds;
        var collected = 0;
        foreach (var grainClass in _classes)
        {
            collected += grainClass.CollectIdle(idleSince);
        }

        return collected;
    }

    public Task DeactivateAllAsync(DeactivationReason reason) =>
        Task.WhenAll(_classes.Select(c => c.DeactivateAllAsync(reason)));
}
