using System.Linq.Expressions;
using System.Reflection;
using OrleansRpc.Gateway.Dispatch;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Where a method's arguments live during a call: the fields of a value tuple held inside its
/// <see cref="RpcCall{TArguments}"/>. Binding writes each value into its field and the grain call reads
/// them back through delegates compiled here at start-up, so a call needs no argument array and boxes no
/// value type.
/// </summary>
internal sealed class ArgumentLayout
{
    private const int ItemsPerTuple = 7;

    private static readonly Type[] s_tuples =
    [
        typeof(ValueTuple<>), typeof(ValueTuple<,>), typeof(ValueTuple<,,>), typeof(ValueTuple<,,,>),
        typeof(ValueTuple<,,,,>), typeof(ValueTuple<,,,,,>), typeof(ValueTuple<,,,,,,>),
    ];

    public ArgumentLayout(MethodInfo method)
    {
        var parameters = method.GetParameters();
        var types = new Type[parameters.Length];
        for (var i = 0; i < parameters.Length; i++)
        {
            var type = parameters[i].ParameterType;
            if (type.IsByRef || type.IsPointer || type.IsByRefLike)
            {
                throw new InvalidOperationException(
                    $"{method.DeclaringType?.Name}.{method.Name}: parameter '{parameters[i].Name}' is {type}; RPC parameters are passed by value.");
            }

            types[i] = type;
        }

        ArgumentsType = TupleOf(types);
        CallType = typeof(RpcCall<>).MakeGenericType(ArgumentsType);
        Factory = (RpcCallFactory)Activator.CreateInstance(typeof(RpcCallFactory<>).MakeGenericType(ArgumentsType))!;
    }

    public Type ArgumentsType { get; }

    /// <summary>The closed <see cref="RpcCall{TArguments}"/> every call of this method is.</summary>
    public Type CallType { get; }

    public RpcCallFactory Factory { get; }

    /// <summary>Compiles <c>(call, value) =&gt; call.Arguments.ItemN = value</c> for the parameter at <paramref name="position"/>.</summary>
    public Action<RpcCall, T> Setter<T>(int position)
    {
        var call = Expression.Parameter(typeof(RpcCall), "call");
        var value = Expression.Parameter(typeof(T), "value");
        return Expression.Lambda<Action<RpcCall, T>>(Expression.Assign(Field(call, position), value), call, value).Compile();
    }

    /// <summary>Compiles <c>call =&gt; call.Arguments.ItemN</c>.</summary>
    public Func<RpcCall, T> Getter<T>(int position)
    {
        var call = Expression.Parameter(typeof(RpcCall), "call");
        return Expression.Lambda<Func<RpcCall, T>>(Field(call, position), call).Compile();
    }

    /// <summary>The field holding the argument at <paramref name="position"/> in <paramref name="call"/> (typed <see cref="RpcCall"/>).</summary>
    public Expression Field(Expression call, int position)
    {
        Expression tuple = Expression.Field(Expression.Convert(call, CallType), nameof(RpcCall<ValueTuple>.Arguments));
        for (; position >= ItemsPerTuple; position -= ItemsPerTuple)
        {
            tuple = Expression.Field(tuple, "Rest");
        }

        return Expression.Field(tuple, "Item" + (position + 1));
    }

    // Value tuples nest past seven items in their last field, Rest.
    private static Type TupleOf(ReadOnlySpan<Type> types)
    {
        if (types.IsEmpty)
        {
            return typeof(ValueTuple);
        }

        if (types.Length <= ItemsPerTuple)
        {
            return s_tuples[types.Length - 1].MakeGenericType(types.ToArray());
        }

        return typeof(ValueTuple<,,,,,,,>).MakeGenericType([.. types[..ItemsPerTuple], TupleOf(types[ItemsPerTuple..])]);
    }
}
