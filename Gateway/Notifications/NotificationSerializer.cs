using System.Text.Json;
using OrleansRpc.Gateway.Buffers;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Notifications;

namespace OrleansRpc.Gateway.Notifications;

/// <summary>Writes a notification once per wire shape with the configured JSON options.</summary>
internal sealed class NotificationSerializer(JsonRpcOptions options) : INotificationSerializer
{
    public ServerNotification Serialize(string method, object? parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        byte[]? json = null;
        if (parameters is not null)
        {
            json = JsonSerializer.SerializeToUtf8Bytes(parameters, parameters.GetType(), options.SerializerOptions);
            if (json[0] is not ((byte)'[' or (byte)'{'))
            {
                throw new ArgumentException(
                    $"Notification params must be a JSON array or object; {parameters.GetType().Name} is written as a JSON scalar.",
                    nameof(parameters));
            }
        }

        return new ServerNotification(method, Write(method, json, version2: true), Write(method, json, version2: false));
    }

    private byte[] Write(string method, byte[]? parameters, bool version2)
    {
        using var buffer = PooledBufferWriter.Rent();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = options.SerializerOptions.Encoder }))
        {
            writer.WriteStartObject();
            if (version2)
            {
                writer.WriteString("jsonrpc", "2.0");
            }

            writer.WriteString("method", method);
            if (parameters is not null)
            {
                writer.WritePropertyName("params");
                writer.WriteRawValue(parameters, skipInputValidation: true);
            }
            else if (!version2)
            {
                // 1.0 has no optional params.
                writer.WriteStartArray("params");
                writer.WriteEndArray();
            }

            if (!version2)
            {
                writer.WriteNull("id");
            }

            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
