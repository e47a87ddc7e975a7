using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>Writes one method's results, resolved at start-up (see <see cref="DirectConverter"/>).</summary>
internal sealed class ResultSerializer<T>(JsonTypeInfo<T> typeInfo)
{
    private readonly JsonConverter<T>? _direct = DirectConverter.For(typeInfo);

    public JsonSerializerOptions Options => typeInfo.Options;

    public void Write(Utf8JsonWriter writer, T value)
    {
        if (_direct is null)
        {
            JsonSerializer.Serialize(writer, value, typeInfo);
        }
        else if (value is null)
        {
            writer.WriteNullValue();
        }
        else
        {
            _direct.Write(writer, value, typeInfo.Options);
        }
    }
}
