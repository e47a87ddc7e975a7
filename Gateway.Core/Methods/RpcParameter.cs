using System.Reflection;
using System.Text;
using System.Text.Json;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Progress;
using OrleansRpc.Grains.Progress;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Methods;

/// <summary>One parameter of an RPC method, with everything binding needs worked out at start-up.</summary>
internal sealed class RpcParameter
{
    public RpcParameter(ParameterInfo parameter, ArgumentLayout layout, JsonSerializerOptions options, ProgressReports progress)
    {
        Info = parameter;
        Name = parameter.Name ?? $"arg{parameter.Position}";
        Utf8Name = Encoding.UTF8.GetBytes(Name);
        Position = parameter.Position;
        Type = parameter.ParameterType;
        if (Type == typeof(RpcContext))
        {
            Source = ParameterSource.RpcContext;
            var set = layout.Setter<RpcContext>(Position);
            Inject = (call, connection) => set(call, connection.Context);
        }
        else if (Type == typeof(CancellationToken))
        {
            Source = ParameterSource.CancellationToken;
            var set = layout.Setter<CancellationToken>(Position);
            Inject = (call, connection) => set(call, call.CancellationFor(connection));
        }
        else if (parameter.GetCustomAttribute<JsonRpcParamsAttribute>() is not null)
        {
            if (Type != typeof(JsonElement))
            {
                throw new InvalidOperationException($"[JsonRpcParams] parameter '{Name}' of {parameter.Member.DeclaringType}.{parameter.Member.Name} must be a JsonElement.");
            }

            Source = ParameterSource.RawParams;
            SetRawParams = layout.Setter<JsonElement>(Position);
        }
        else if (IsProgressType(Type))
        {
            // In its place the client passes a token, or null for no reports (ProgressBinder).
            Source = ParameterSource.Bound;
            IsProgress = true;
            Binder = (ValueBinder)Activator.CreateInstance(typeof(ProgressBinder<>).MakeGenericType(Type.GetGenericArguments()[0]), layout, Position, progress, options)!;
            AcceptsNull = true;
        }
        else
        {
            Source = ParameterSource.Bound;
            IsParamsArray = parameter.GetCustomAttribute<ParamArrayAttribute>() is not null;
            Binder = IsParamsArray
                ? ValueBinder.CreateParamsArray(Type.GetElementType()!, Position, layout, options)
                : ValueBinder.Create(Type, Position, DefaultFor(parameter), layout, options);
            IsRequired = !parameter.HasDefaultValue && !IsParamsArray;
            // A value type's reader refuses null itself, naming the type it wanted.
            AcceptsNull = Type.IsValueType || new NullabilityInfoContext().Create(parameter).ReadState != NullabilityState.NotNull;
        }
    }

    /// <summary>
    /// Whether JSON <c>null</c> may be read: not for a reference type the interface declares non-nullable
    /// (the method would only throw on it, and the client should hear -32602, not -32000).
    /// </summary>
    public bool AcceptsNull { get; }

    public ParameterInfo Info { get; }

    public string Name { get; }

    public byte[] Utf8Name { get; }

    public int Position { get; }

    public Type Type { get; }

    public ParameterSource Source { get; }

    public bool IsRequired { get; }

    public bool IsParamsArray { get; }

    /// <summary>An <c>IProgress&lt;T&gt;</c>: bound from a progress token, and the method's reports go to <c>$/progress</c>.</summary>
    public bool IsProgress { get; }

    public static bool IsProgressType(Type type) => type.IsGenericType && type.GetGenericTypeDefinition() == typeof(IProgress<>);

    /// <summary>For <see cref="ParameterSource.Bound"/>: reads the value into the call.</summary>
    public ValueBinder? Binder { get; }

    /// <summary>For <see cref="ParameterSource.RpcContext"/> and <see cref="ParameterSource.CancellationToken"/>.</summary>
    public Action<RpcCall, RpcConnection>? Inject { get; }

    /// <summary>For <see cref="ParameterSource.RawParams"/>.</summary>
    public Action<RpcCall, JsonElement>? SetRawParams { get; }

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
