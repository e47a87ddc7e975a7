using System.Collections.Concurrent;
using System.Reflection;
using OrleansRpc.Runtime;

namespace OrleansRpc.Silo.Catalog;

/// <summary>
/// A registered grain class and its live activations. Callers that know the class (the gateway's method
/// table, grain references) hold on to it, so routing a call is one dictionary lookup by key.
/// </summary>
public sealed class GrainClass
{
    private static readonly Func<string, GrainClass, Activation> s_newActivation = static (key, grainClass) => new Activation(grainClass, key);

    private readonly ConcurrentDictionary<string, Activation> _activations = new(StringComparer.Ordinal);

    internal GrainClass(Type type, GrainCatalog catalog)
    {
        Type = type;
        Catalog = catalog;
        IsReentrant = type.GetCustomAttribute<ReentrantAttribute>() is not null;
        IsKeptAlive = type.GetCustomAttribute<KeepAliveAttribute>() is not null;
        Activator = new GrainActivator(type);
    }

    public Type Type { get; }

    public bool IsReentrant { get; }

    /// <summary>[KeepAlive]: never collected for being idle.</summary>
    public bool IsKeptAlive { get; }

    public int ActivationCount => _activations.Count;

    internal GrainCatalog Catalog { get; }

    internal GrainActivator Activator { get; }

    /// <summary>Routes the call to the activation for <paramref name="key"/>, activating it if needed.</summary>
    public void Enqueue(string key, GrainWorkItem item)
    {
        var activation = _activations.GetOrAdd(key, s_newActivation, this);
        if (!activation.TryEnqueue(item))
        {
            _ = EnqueueAfterDeactivationAsync(activation, key, item);
        }
    }

    public bool IsActive(string key) => _activations.ContainsKey(key);

    /// <summary>Completes when the activation for <paramref name="key"/> that exists now is gone (at once if there is none).</summary>
    public Task WhenDeactivated(string key) =>
        _activations.TryGetValue(key, out var activation) ? activation.Deactivated : Task.CompletedTask;

    /// <summary>Deactivates the activation for <paramref name="key"/>, if there is one, after its current turn.</summary>
    public Task DeactivateAsync(string key, DeactivationReason reason) =>
        _activations.TryGetValue(key, out var activation) ? activation.DeactivateAsync(reason) : Task.CompletedTask;

    internal void Remove(Activation activation) =>
        _activations.TryRemove(new KeyValuePair<string, Activation>(activation.Key, activation));

    internal int CollectIdle(long idleSinceTicks)
    {
        var collected = 0;
        if (IsKeptAlive)
        {
            return collected;
        }

        foreach (var (_, activation) in _activations)
        {
            if (activation.TryCollect(idleSinceTicks))
            {
                collected++;
            }
        }

        return collected;
    }

    internal Task DeactivateAllAsync(DeactivationReason reason)
    {
        var tasks = new List<Task>();
        foreach (var (_, activation) in _activations)
        {
            tasks.Add(activation.DeactivateAsync(reason));
        }

        return Task.WhenAll(tasks);
    }

    private async Task EnqueueAfterDeactivationAsync(Activation activation, string key, GrainWorkItem item)
    {
        do
        {
            await activation.Deactivated;
            activation = _activations.GetOrAdd(key, s_newActivation, this);
        }
        while (!activation.TryEnqueue(item));
    }
}
