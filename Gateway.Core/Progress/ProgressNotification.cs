using System.Buffers;
using System.Text.Json;
using OrleansRpc.Notifications;

namespace OrleansRpc.Gateway.Progress;

/// <summary><c>$/progress</c> <c>{"token", "value"}</c>, StreamJsonRpc's and the Language Server Protocol's notification, from bytes already written.</summary>
internal static class ProgressNotification
{
    public const string Method = "$/progress";

    public static ServerNotification Create(byte[] token, byte[] value) =>
        new(Method, Write(token, value, version2: true), Write(token, value, version2: false));

    private static byte[] Write(byte[] token, byte[] value, bool version2)
    {
        var output = new ArrayBufferWriter<byte>(64 + token.Length + value.Length);
        using (var writer = new Utf8JsonWriter(output, new JsonWriterOptions { SkipValidation = true }))
        {
            writer.WriteStartObject();
            if (version2)
            {
                writer.WriteString("jsonrpc"u8, "2.0"u8);
            }

            writer.WriteString("method"u8, "$/progress"u8);
            writer.WritePropertyName("params"u8);
            writer.WriteStartObject();
            writer.WritePropertyName("token"u8);
            writer.WriteRawValue(token, skipInputValidation: true);
            writer.WritePropertyName("value"u8);
            writer.WriteRawValue(value, skipInputValidation: true);
            writer.WriteEndObject();
            if (!version2)
            {
                writer.WriteNull("id"u8);
            }

            writer.WriteEndObject();
        }

        return output.WrittenSpan.ToArray();
    }
}
