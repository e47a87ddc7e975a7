using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans;
using Orleans.Concurrency;

namespace OrleansRpc.Notifications;

/// <summary>
/// A server-to-client notification, serialized once in both wire shapes: JSON-RPC 2.0
/// (<c>{"jsonrpc":"2.0","method","params"}</c>) and 1.0 (<c>{"method","params","id":null}</c>). The same
/// bytes go to every recipient, on every node.
/// </summary>
/// <remarks>[Immutable]: handed from grain to grain on one silo without a copy of its bytes.</remarks>
[GenerateSerializer, Immutable, Alias("orpc.ServerNotification")]
public sealed class ServerNotification(string method, ReadOnlyMemory<byte> version2, ReadOnlyMemory<byte> version1)
{
    private static JsonSerializerOptions s_serializerOptions = new(JsonSerializerDefaults.General)
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    [Id(0)]
    public string Method { get; } = method;

    [Id(1)]
    public ReadOnlyMemory<byte> Version2 { get; } = version2;

    [Id(2)]
    public ReadOnlyMemory<byte> Version1 { get; } = version1;

    /// <summary>
    /// How <see cref="Create"/> writes params: the gateway sets its configured
    /// <c>JsonRpcOptions.SerializerOptions</c> here at start-up, so a notification reads like an answer.
    /// It is one setting per process, because <see cref="Create"/> runs wherever a notification is sent
    /// (in any grain or service), before the grain call that carries it.
    /// </summary>
    public static JsonSerializerOptions SerializerOptions
    {
        get => Volatile.Read(ref s_serializerOptions);
        set => Volatile.Write(ref s_serializerOptions, value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Serializes a notification with <see cref="SerializerOptions"/>.</summary>
    /// <exception cref="ArgumentException">
    /// The method name is empty, or <paramref name="parameters"/> does not serialize to a JSON array or
    /// object (JSON-RPC allows nothing else); null means no params.
    /// </exception>
    public static ServerNotification Create(string method, object? parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        var options = SerializerOptions;
        byte[]? json = null;
        if (parameters is not null)
        {
            json = JsonSerializer.SerializeToUtf8Bytes(parameters, parameters.GetType(), options);
            if (json[0] is not ((byte)'[' or (byte)'{'))
            {
                throw new ArgumentException(
                    $"Notification params must be a JSON array or object; {parameters.GetType().Name} is written as a JSON scalar.",
                    nameof(parameters));
            }
        }

        return new ServerNotification(method, Write(method, json, options.Encoder, version2: true), Write(method, json, options.Encoder, version2: false));
    }

    private static byte[] Write(string method, byte[]? parameters, JavaScriptEncoder? encoder, bool version2)
    {
        var buffer = new ArrayBufferWriter<byte>(64 + (parameters?.Length ?? 0));
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = encoder }))
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
