using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;
using Orleans;
using Orleans.Concurrency;
using OrleansRpc.Serialization;

namespace OrleansRpc.Notifications;

/// <summary>
/// A server-to-client notification, serialized once in both wire shapes: JSON-RPC 2.0
/// (<c>{"jsonrpc":"2.0","method","params"}</c>) and 1.0 (<c>{"method","params","id":null}</c>). The same
/// bytes go to every recipient, on every node.
/// </summary>
/// <remarks>
/// [Immutable]: handed from grain to grain on one silo without a copy of its bytes. One made by
/// <see cref="Create(string, object?)"/> holds its params until a node writes them with its own JSON
/// options (<see cref="RpcSerializer"/>, a service, never a static): the connection or group grain it is
/// sent to, or, when it leaves the process first, Orleans's serializer (<see cref="ServerNotificationHooks"/>).
/// The bytes are a function of the params and the options, so whichever writes first, they are the same.
/// </remarks>
[GenerateSerializer, Immutable, Alias("orpc.ServerNotification"), SerializationCallbacks(typeof(ServerNotificationHooks))]
public sealed class ServerNotification
{
    [Id(0)]
    private readonly string _method;

    [Id(1)]
    private NotificationBytes? _bytes;

    // Not serialized: by the time Orleans writes the notification, its hook has turned these into bytes.
    [NonSerialized]
    private readonly object? _parameters;

    /// <summary>A notification already serialized in both shapes.</summary>
    public ServerNotification(string method, ReadOnlyMemory<byte> version2, ReadOnlyMemory<byte> version1)
    {
        _method = method;
        _bytes = new NotificationBytes(version2, version1);
    }

    private ServerNotification(string method, object? parameters)
    {
        _method = method;
        _parameters = parameters;
    }

    public string Method => _method;

    /// <summary>The JSON-RPC 2.0 shape.</summary>
    /// <exception cref="InvalidOperationException">No node has written the params yet (see <see cref="Serialize"/>).</exception>
    public ReadOnlyMemory<byte> Version2 => Bytes.Version2;

    /// <summary>The JSON-RPC 1.0 shape.</summary>
    /// <inheritdoc cref="Version2" path="/exception"/>
    public ReadOnlyMemory<byte> Version1 => Bytes.Version1;

    /// <summary>Whether the bytes are written (by <see cref="Serialize"/>, or from the start).</summary>
    public bool IsSerialized => Volatile.Read(ref _bytes) is not null;

    private NotificationBytes Bytes => Volatile.Read(ref _bytes)
        ?? throw new InvalidOperationException($"Notification {_method} is not serialized yet: the grain it is sent to writes it with its node's JSON options.");

    /// <summary>
    /// A notification whose params are written by the node that first sends it, with that node's JSON
    /// options, so that it reads like the gateway's answers. Any .NET value that serializes to a JSON array
    /// or object works, anonymous types included; null means no params.
    /// </summary>
    /// <exception cref="ArgumentException">
    /// The method name is empty, or <paramref name="parameters"/> is a JSON scalar (a string, number,
    /// boolean or date): JSON-RPC allows only an array or an object. A value that a custom converter writes
    /// as a scalar fails when it is serialized, with the same exception.
    /// </exception>
    public static ServerNotification Create(string method, object? parameters)
    {
        ArgumentException.ThrowIfNullOrEmpty(method);
        if (parameters is not null && IsScalar(parameters.GetType()))
        {
            throw ScalarParams(parameters.GetType());
        }

        return new ServerNotification(method, parameters);
    }

    /// <summary>A notification serialized now, with the given options.</summary>
    /// <inheritdoc cref="Create(string, object?)" path="/exception"/>
    public static ServerNotification Create(string method, object? parameters, JsonSerializerOptions options)
    {
        var notification = Create(method, parameters);
        notification.Serialize(options);
        return notification;
    }

    /// <summary>Writes the params with <paramref name="options"/> unless they are written already.</summary>
    /// <exception cref="ArgumentException">The params serialize to a JSON scalar.</exception>
    public void Serialize(JsonSerializerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (Volatile.Read(ref _bytes) is not null)
        {
            return;
        }

        byte[]? json = null;
        if (_parameters is not null)
        {
            json = JsonSerializer.SerializeToUtf8Bytes(_parameters, _parameters.GetType(), options);
            if (json[0] is not ((byte)'[' or (byte)'{'))
            {
                throw ScalarParams(_parameters.GetType());
            }
        }

        var bytes = new NotificationBytes(Write(_method, json, options.Encoder, version2: true), Write(_method, json, options.Encoder, version2: false));

        // Two nodes' threads may both write it: the bytes are the same, and one pair is kept.
        Interlocked.CompareExchange(ref _bytes, bytes, null);
    }

    private static bool IsScalar(Type type) =>
        type.IsPrimitive || type.IsEnum || type == typeof(string) || type == typeof(decimal) || type == typeof(DateTime)
        || type == typeof(DateTimeOffset) || type == typeof(Guid) || type == typeof(TimeSpan);

    private static ArgumentException ScalarParams(Type type) =>
        new($"Notification params must be a JSON array or object; {type.Name} is written as a JSON scalar.", "parameters");

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
