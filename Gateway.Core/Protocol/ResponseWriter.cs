using System.Text.Json;
using OrleansRpc.Gateway.Buffers;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>Writes answers in the request's version, echoing the id from the request's own bytes.</summary>
internal static class ResponseWriter
{
    private static readonly JsonEncodedText s_jsonrpc = JsonEncodedText.Encode("jsonrpc");
    private static readonly JsonEncodedText s_version = JsonEncodedText.Encode("2.0");
    private static readonly JsonEncodedText s_result = JsonEncodedText.Encode("result");
    private static readonly JsonEncodedText s_error = JsonEncodedText.Encode("error");
    private static readonly JsonEncodedText s_id = JsonEncodedText.Encode("id");
    private static readonly JsonEncodedText s_code = JsonEncodedText.Encode("code");
    private static readonly JsonEncodedText s_message = JsonEncodedText.Encode("message");
    private static readonly JsonEncodedText s_data = JsonEncodedText.Encode("data");

    [ThreadStatic]
    private static Utf8JsonWriter? t_writer;

    /// <exception cref="Exception">Whatever serializing the result throws; <paramref name="output"/> is then unusable until cleared.</exception>
    public static void WriteResult<T>(PooledBufferWriter output, JsonRpcVersion version, ReadOnlySpan<byte> id, T value, ResultSerializer<T> serializer)
    {
        var writer = Rent(output, serializer.Options);
        try
        {
            writer.WriteStartObject();
            if (version == JsonRpcVersion.V2)
            {
                writer.WriteString(s_jsonrpc, s_version);
            }

            writer.WritePropertyName(s_result);
            serializer.Write(writer, value);
            if (version == JsonRpcVersion.V1)
            {
                writer.WriteNull(s_error);
            }

            WriteId(writer, id);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    /// <summary>Writes the error; if its data cannot be serialized, writes it without data.</summary>
    public static void WriteError(PooledBufferWriter output, JsonRpcVersion version, ReadOnlySpan<byte> id, in JsonRpcError error, JsonSerializerOptions options)
    {
        var start = output.WrittenCount;
        try
        {
            WriteErrorCore(output, version, id, error, options, includeData: true);
        }
        catch (Exception) when (error.Data is not null)
        {
            output.Truncate(start);
            WriteErrorCore(output, version, id, error, options, includeData: false);
        }
    }

    private static void WriteErrorCore(PooledBufferWriter output, JsonRpcVersion version, ReadOnlySpan<byte> id, in JsonRpcError error, JsonSerializerOptions options, bool includeData)
    {
        var writer = Rent(output, options);
        try
        {
            writer.WriteStartObject();
            if (version == JsonRpcVersion.V2)
            {
                writer.WriteString(s_jsonrpc, s_version);
            }
            else
            {
                writer.WriteNull(s_result);
            }

            writer.WriteStartObject(s_error);
            writer.WriteNumber(s_code, error.Code);
            writer.WriteString(s_message, error.Message);
            if (includeData && error.Data is not null)
            {
                writer.WritePropertyName(s_data);
                JsonSerializer.Serialize(writer, error.Data, error.Data.GetType(), options);
            }

            writer.WriteEndObject();
            WriteId(writer, id);
            writer.WriteEndObject();
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    private static void WriteId(Utf8JsonWriter writer, ReadOnlySpan<byte> id)
    {
        if (id.IsEmpty)
        {
            writer.WriteNull(s_id);
            return;
        }

        // The id is echoed byte for byte, so big and fractional numbers keep their exact text.
        writer.WritePropertyName(s_id);
        writer.WriteRawValue(id, skipInputValidation: true);
    }

    // One writer per thread, reset for each answer; a new one only when the options' encoder differs.
    private static Utf8JsonWriter Rent(PooledBufferWriter output, JsonSerializerOptions options)
    {
        var writer = t_writer;
        t_writer = null;
        if (writer is null || writer.Options.Encoder != options.Encoder)
        {
            return new Utf8JsonWriter(output, new JsonWriterOptions { Encoder = options.Encoder, MaxDepth = options.MaxDepth });
        }

        writer.Reset(output);
        return writer;
    }

    private static void Return(Utf8JsonWriter writer) => t_writer = writer;
}
