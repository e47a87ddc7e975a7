using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace OrleansRpc.Gateway.Methods;

/// <summary>Reads one parameter value straight from the request's JSON with a type info resolved at start-up.</summary>
internal abstract class ValueBinder
{
    /// <summary>Reads the value the reader is on; leaves the reader on the value's last token.</summary>
    public abstract object? Read(ref Utf8JsonReader reader);

    /// <summary>
    /// For a variadic (<c>params T[]</c>) parameter: reads from the element the reader is on to the end of
    /// the positional array into a T[]; leaves the reader on the array's closing bracket.
    /// </summary>
    public abstract object ReadRemaining(ref Utf8JsonReader reader);

    public abstract object EmptyArray { get; }

    public static ValueBinder Create(Type type, JsonSerializerOptions options) =>
        (ValueBinder)Activator.CreateInstance(typeof(ValueBinder<>).MakeGenericType(type), options.GetTypeInfo(type))!;
}

internal sealed class ValueBinder<T>(JsonTypeInfo<T> typeInfo) : ValueBinder
{
    public override object EmptyArray => Array.Empty<T>();

    public override object? Read(ref Utf8JsonReader reader) => JsonSerializer.Deserialize(ref reader, typeInfo);

    public override object ReadRemaining(ref Utf8JsonReader reader)
    {
        var values = new List<T>();
        do
        {
            values.Add(JsonSerializer.Deserialize(ref reader, typeInfo)!);
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);

        return values.ToArray();
    }
}
