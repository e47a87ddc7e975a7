using System.Reflection;
using OrleansRpc.Runtime;

namespace OrleansRpc.Silo.Catalog;

/// <summary>Which grain classes the silo hosts and which class implements each grain interface.</summary>
public sealed class GrainRegistry
{
    private readonly List<Type> _grainTypes = [];
    private readonly Dictionary<Type, Type> _interfaceMap = [];

    public IReadOnlyList<Type> GrainTypes => _grainTypes;

    public IReadOnlyDictionary<Type, Type> InterfaceMap => _interfaceMap;

    public void AddAssembly(Assembly assembly)
    {
        foreach (var type in assembly.GetTypes())
        {
            if (type is { IsClass: true, IsAbstract: false } && typeof(Grain).IsAssignableFrom(type))
            {
                Add(type);
            }
        }
    }

    public void Add(Type grainType)
    {
        if (!typeof(Grain).IsAssignableFrom(grainType) || grainType.IsAbstract)
        {
            throw new ArgumentException($"{grainType} is not a concrete grain class.", nameof(grainType));
        }

        if (_grainTypes.Contains(grainType))
        {
            return;
        }

        _grainTypes.Add(grainType);
        foreach (var contract in grainType.GetInterfaces())
        {
            if (contract == typeof(IGrain) || contract == typeof(IGrainWithStringKey) || !typeof(IGrainWithStringKey).IsAssignableFrom(contract))
            {
                continue;
            }

            if (_interfaceMap.TryGetValue(contract, out var existing))
            {
                throw new InvalidOperationException($"Grain interface {contract} is implemented by both {existing} and {grainType}.");
            }

            _interfaceMap[contract] = grainType;
        }
    }
}
