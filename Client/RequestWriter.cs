using System.Buffers;
using System.Text.Json;

namespace OrleansRpc.Client;

/// <summary>Writes JSON-RPC 2.0 requests and notifications.</summary>
internal static class RequestWriter
{
    public static byte[] Single(string method, object? parameters, long? id, JsonSerializerOptions options)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, method, parameters, id, options);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void Write(Utf8JsonWriter writer, string method, object? parameters, long? id, JsonSerializerOptions options)
    {
        writer.WriteStartObject();
        writer.WriteString("jsonrpc", "2.0");
        writer.WriteString("method", method);
        if (parameters is not null)
        {
            writer.WritePropertyName("params");
            JsonSerializer.Serialize(writer, parameters, parameters.GetType(), options);
        }

        if (id is { } value)
        {
            writer.WriteNumber("id", value);
        }

        writer.WriteEndObject();
    }
}
