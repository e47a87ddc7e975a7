using System.Text.Json;
using System.Text.Json.Serialization;

namespace OrleansRpc.Gateway.Enumerations;

/// <summary>
/// Writes a page with the protocol's own member names, whatever naming policy the node's options have;
/// pages are only ever written.
/// </summary>
internal sealed class EnumerationPageConverter : JsonConverter<EnumerationPage>
{
    public override EnumerationPage Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
        throw new NotSupportedException("An enumeration page is written by the gateway, never read.");

    public override void Write(Utf8JsonWriter writer, EnumerationPage value, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        if (value.Token is { } token)
        {
            writer.WriteNumber("token"u8, token);
        }

        writer.WritePropertyName("values"u8);
        writer.WriteRawValue(value.Values, skipInputValidation: true);
        writer.WriteBoolean("finished"u8, value.Finished);
        writer.WriteEndObject();
    }
}
