using System.Reflection;
using System.Text;
using System.Text.Json;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Methods;

/// <summary>One parameter of an RPC method, with everything binding needs worked out at start-up.</summary>
internal sealed class RpcParameter
{
    public RpcParameter(ParameterInfo parameter, JsonSerializerOptions options)
    {
        Name = parameter.Name ?? $"arg{parameter.Position}";
        Utf8Name = Encoding.UTF8.GetBytes(Name);
        Position = parameter.Position;
        Type = parameter.ParameterType;
        if (Type == typeof(RpcContext))
        {
            Source = ParameterSource.RpcContext;
        }
        else if (Type == typeof(CancellationToken))
        {
            Source = ParameterSource.CancellationToken;
        }
        else if (parameter.GetCustomAttribute<JsonRpcParamsAttribute>() is not null)
        {
            if (Type != typeof(JsonElement))
            {
                throw new InvalidOperationException($"[JsonRpcParams] parameter '{Name}' of {parameter.Member.DeclaringType}.{parameter.Member.Name} must be a JsonElement.");
            }

            Source = ParameterSource.RawParams;
        }
        else
        {
            Source = ParameterSource.Bound;
            IsParamsArray = parameter.GetCustomAttribute<ParamArrayAttribute>() is not null;
            Binder = ValueBinder.Create(Type, options);
            ElementBinder = IsParamsArray ? ValueBinder.Create(Type.GetElementType()!, options) : null;
            IsRequired = !parameter.HasDefaultValue && !IsParamsArray;
            DefaultValue = IsParamsArray ? ElementBinder!.EmptyArray : DefaultFor(parameter);
        }
    }

    public string Name { get; }

    public byte[] Utf8Name { get; }

    public int Position { get; }

    public Type Type { get; }

    public ParameterSource Source { get; }

    public bool IsRequired { get; }

    public bool IsParamsArray { get; }

    public object? DefaultValue { get; }

    public ValueBinder? Binder { get; }

    public ValueBinder? ElementBinder { get; }

    private static object? DefaultFor(ParameterInfo parameter)
    {
        if (!parameter.HasDefaultValue)
        {
            return null;
        }

        var value = parameter.DefaultValue;
        var type = Nullable.GetUnderlyingType(parameter.ParameterType) ?? parameter.ParameterType;
        if (value is null)
        {
            return parameter.ParameterType.IsValueType && Nullable.GetUnderlyingType(parameter.ParameterType) is null
                ? Activator.CreateInstance(parameter.ParameterType)
                : null;
        }

        return type.IsEnum ? Enum.ToObject(type, value) : value;
    }
}
