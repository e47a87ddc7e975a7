using System.Runtime.CompilerServices;
using System.Text.Json;
using OrleansRpc.Gateway.Methods;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>Reads a request object's members with the message's own reader, so the JSON is scanned once.</summary>
internal static class EnvelopeReader
{
    /// <summary>Reads the object the reader is on; leaves the reader on its closing brace.</summary>
    public static void Read(ref Utf8JsonReader reader, MethodTable methods, out Envelope envelope)
    {
        envelope = default;
        envelope.IsObject = true;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("jsonrpc"u8))
            {
                reader.Read();
                envelope.HasVersion = true;
                envelope.VersionIs20 = reader.TokenType == JsonTokenType.String && reader.ValueTextEquals("2.0"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("method"u8))
            {
                reader.Read();
                envelope.HasMethod = true;
                envelope.MethodIsString = reader.TokenType == JsonTokenType.String;
                envelope.Method = envelope.MethodIsString ? Find(ref reader, methods, out envelope.MethodIsReserved) : null;
                envelope.MethodStart = (int)reader.TokenStartIndex;
                envelope.MethodLength = (int)reader.BytesConsumed - envelope.MethodStart;

                // Looked for only among the names the table does not have: no cost to a call.
                envelope.IsCancelRequest = envelope.MethodIsString && envelope.Method is null && reader.ValueTextEquals("$/cancelRequest"u8);
                reader.Skip();
            }
            else if (reader.ValueTextEquals("id"u8))
            {
                reader.Read();
                envelope.HasId = true;
                envelope.IdIsNull = reader.TokenType == JsonTokenType.Null;
                envelope.IdIsValid = reader.TokenType is JsonTokenType.String or JsonTokenType.Number or JsonTokenType.Null;
                envelope.IdStart = (int)reader.TokenStartIndex;
                reader.Skip();
                envelope.IdLength = (int)reader.BytesConsumed - envelope.IdStart;
            }
            else if (reader.ValueTextEquals("params"u8))
            {
                reader.Read();
                envelope.HasParams = true;
                envelope.ParamsToken = reader.TokenType;
                envelope.ParamsStart = (int)reader.TokenStartIndex;
                reader.Skip();
                envelope.ParamsLength = (int)reader.BytesConsumed - envelope.ParamsStart;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }
    }

    // The name buffer is written before it is read: clearing its 3 KB first would cost more than the lookup.
    [SkipLocalsInit]
    private static RpcMethod? Find(ref Utf8JsonReader reader, MethodTable methods, out bool reserved)
    {
        reserved = false;
        var raw = reader.ValueSpan;

        // Escapes only make text shorter when unescaped, so a name whose raw bytes are this long can be
        // unescaped into a buffer of this many characters; anything much longer cannot be a method.
        const int MaxRaw = MethodTable.MaxNameLength * 6;
        if (raw.Length > MaxRaw)
        {
            return null;
        }

        Span<char> name = stackalloc char[MaxRaw];
        int length;
        try
        {
            length = reader.CopyString(name);
        }
        catch (InvalidOperationException)
        {
            return null;
        }

        var text = name[..length];
        // The table holds no rpc. name but the framework's own (rpc.discover): any other is reserved.
        var found = length <= MethodTable.MaxNameLength && methods.TryFind(text, out var method) ? method : null;
        reserved = found is null && text.StartsWith("rpc.", StringComparison.Ordinal);
        return found;
    }
}
