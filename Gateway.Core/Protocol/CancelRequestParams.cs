using System.Text;
using System.Text.Json;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>The params of <c>$/cancelRequest</c>, <c>{"id": ...}</c>, as the Language Server Protocol has them.</summary>
internal static class CancelRequestParams
{
    /// <summary>
    /// The id's JSON text, quotes included, as the cancelled request wrote it; false when the params are not
    /// an object with a number or string <c>id</c>.
    /// </summary>
    public static bool TryReadId(ReadOnlySpan<byte> parameters, JsonReaderOptions options, out string id)
    {
        id = string.Empty;
        var reader = new Utf8JsonReader(parameters, options);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            return false;
        }

        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var isId = reader.ValueTextEquals("id"u8);
            reader.Read();
            if (isId && reader.TokenType is JsonTokenType.Number or JsonTokenType.String)
            {
                var start = (int)reader.TokenStartIndex;
                id = Encoding.UTF8.GetString(parameters[start..(int)reader.BytesConsumed]);
                return true;
            }

            reader.Skip();
        }

        return false;
    }
}
