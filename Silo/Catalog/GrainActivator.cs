using System.Linq.Expressions;
using System.Reflection;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Runtime;
using OrleansRpc.Silo.Storage;
using OrleansRpc.Storage;

namespace OrleansRpc.Silo.Catalog;

/// <summary>
/// Builds grain instances: constructor arguments come from the service provider, except
/// [PersistentState] parameters, which get a state bound to this grain. The plan is made once per class.
/// </summary>
internal sealed class GrainActivator
{
    private readonly Func<object?[], Grain> _construct;
    private readonly Func<IServiceProvider, string, object>[] _arguments;
    private readonly bool[] _isState;

    public GrainActivator(Type grainType)
    {
        var constructor = grainType.GetConstructors()
            .OrderByDescending(c => c.GetParameters().Length)
            .FirstOrDefault()
            ?? throw new InvalidOperationException($"Grain class {grainType} has no public constructor.");
        var parameters = constructor.GetParameters();
        _arguments = new Func<IServiceProvider, string, object>[parameters.Length];
        _isState = new bool[parameters.Length];
        var grainIdPrefix = grainType.FullName + "/";
        for (var i = 0; i < parameters.Length; i++)
        {
            var parameter = parameters[i];
            if (parameter.GetCustomAttribute<PersistentStateAttribute>() is { } attribute)
            {
                _isState[i] = true;
                _arguments[i] = PersistentStateFactory.For(parameter.ParameterType, attribute, grainIdPrefix, grainType);
            }
            else
            {
                var serviceType = parameter.ParameterType;
                _arguments[i] = (services, _) => services.GetRequiredService(serviceType);
            }
        }

        var args = Expression.Parameter(typeof(object?[]), "args");
        var construct = Expression.New(
            constructor,
            parameters.Select((p, i) => Expression.Convert(Expression.ArrayIndex(args, Expression.Constant(i)), p.ParameterType)));
        _construct = Expression.Lambda<Func<object?[], Grain>>(Expression.Convert(construct, typeof(Grain)), args).Compile();
    }

    public (Grain Grain, IReadOnlyList<IStateLoader> States) Create(IServiceProvider services, string key)
    {
        if (_arguments.Length == 0)
        {
            return (_construct([]), []);
        }

        var values = new object?[_arguments.Length];
        var states = new List<IStateLoader>();
        for (var i = 0; i < values.Length; i++)
        {
            var value = _arguments[i](services, key);
            values[i] = value;
            if (_isState[i])
            {
                states.Add((IStateLoader)value);
            }
        }

        return (_construct(values), states);
    }
}
