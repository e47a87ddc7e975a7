using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization.Metadata;
using OrleansRpc.Gateway.Dispatch;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Reads one parameter's value straight from the request's JSON into its field of the call, with a type
/// info resolved at start-up: the value is never boxed.
/// </summary>
internal abstract class ValueBinder
{
    private static readonly MethodInfo s_createValue = typeof(ValueBinder).GetMethod(nameof(CreateValue), BindingFlags.NonPublic | BindingFlags.Static)!;
    private static readonly MethodInfo s_createParamsArray = typeof(ValueBinder).GetMethod(nameof(CreateParamsArrayOf), BindingFlags.NonPublic | BindingFlags.Static)!;

    /// <summary>Reads the value the reader is on; leaves the reader on the value's last token.</summary>
    public abstract void Read(ref Utf8JsonReader reader, RpcCall call);

    /// <summary>
    /// For a variadic (<c>params T[]</c>) parameter: reads from the element the reader is on to the end of
    /// the positional array; leaves the reader on the array's closing bracket.
    /// </summary>
    public abstract void ReadRemaining(ref Utf8JsonReader reader, RpcCall call);

    /// <summary>Gives the parameter its default when <c>params</c> leaves it out.</summary>
    public abstract void SetDefault(RpcCall call);

    public static ValueBinder Create(Type type, int position, object? defaultValue, ArgumentLayout layout, JsonSerializerOptions options) =>
        (ValueBinder)s_createValue.MakeGenericMethod(type).Invoke(null, [position, defaultValue, layout, options])!;

    public static ValueBinder CreateParamsArray(Type elementType, int position, ArgumentLayout layout, JsonSerializerOptions options) =>
        (ValueBinder)s_createParamsArray.MakeGenericMethod(elementType).Invoke(null, [position, layout, options])!;

    private static ValueBinder<T> CreateValue<T>(int position, object? defaultValue, ArgumentLayout layout, JsonSerializerOptions options) =>
        new((JsonTypeInfo<T>)options.GetTypeInfo(typeof(T)), layout.Setter<T>(position), defaultValue is T value ? value : default!);

    private static ParamsArrayBinder<TElement> CreateParamsArrayOf<TElement>(int position, ArgumentLayout layout, JsonSerializerOptions options) =>
        new((JsonTypeInfo<TElement[]>)options.GetTypeInfo(typeof(TElement[])), (JsonTypeInfo<TElement>)options.GetTypeInfo(typeof(TElement)), layout.Setter<TElement[]>(position));
}
