using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>
/// Finds when a value can be read or written by calling its converter directly instead of going through
/// <see cref="JsonSerializer"/>, which sets up per-call read and write state even for a number. That is
/// safe for System.Text.Json's own converters of simple values (numbers, strings, booleans, enums,
/// JsonElement, nullables of those) under strict number handling: they read and write exactly what the
/// serializer would. Anything else, including a user's converter, keeps the serializer.
/// </summary>
internal static class DirectConverter
{
    public static JsonConverter<T>? For<T>(JsonTypeInfo<T> typeInfo) =>
        (typeof(T).IsValueType || typeof(T) == typeof(string))
        && typeInfo.Kind == JsonTypeInfoKind.None
        && typeInfo.Options.NumberHandling == JsonNumberHandling.Strict
        && typeInfo.Converter is JsonConverter<T> converter
        && converter.GetType().Assembly == typeof(JsonSerializer).Assembly
            ? converter
            : null;
}
