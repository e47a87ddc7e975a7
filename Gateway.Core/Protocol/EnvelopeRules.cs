using System.Text.Json;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Protocol;

/// <summary>What makes a request object an Invalid Request (-32600), in the order the reasons are given.</summary>
internal static class EnvelopeRules
{
    public static JsonRpcError? Validate(in Envelope envelope, bool inBatch)
    {
        if (!envelope.IsObject)
        {
            return InvalidRequest("A request must be an object.");
        }

        if (envelope.HasVersion && !envelope.VersionIs20)
        {
            return InvalidRequest("\"jsonrpc\" must be exactly \"2.0\", or absent for JSON-RPC 1.0.");
        }

        if (inBatch && !envelope.HasVersion)
        {
            return InvalidRequest("Batches are JSON-RPC 2.0 only: every element needs \"jsonrpc\": \"2.0\".");
        }

        if (envelope.HasId && !envelope.IdIsValid)
        {
            return InvalidRequest("\"id\" must be a string, a number or null.");
        }

        if (!envelope.HasVersion && !envelope.HasId)
        {
            return InvalidRequest("A JSON-RPC 1.0 request needs an \"id\" (null for a notification).");
        }

        if (!envelope.HasMethod || !envelope.MethodIsString)
        {
            return InvalidRequest("\"method\" must be a string.");
        }

        if (envelope.HasParams && envelope.ParamsToken is not (JsonTokenType.StartArray or JsonTokenType.StartObject))
        {
            return InvalidRequest("\"params\" must be an array or an object.");
        }

        if (!envelope.HasVersion && envelope.HasParams && envelope.ParamsToken != JsonTokenType.StartArray)
        {
            return InvalidRequest("JSON-RPC 1.0 \"params\" must be an array.");
        }

        return null;
    }

    public static JsonRpcError InvalidRequest(string reason) => new(JsonRpcErrorCodes.InvalidRequest, "Invalid Request", reason);

    /// <summary>A method this service lacks, named in <c>data</c> as far as it can be shown.</summary>
    /// <param name="name">The method member's JSON string, quotes included.</param>
    public static JsonRpcError MethodNotFound(ReadOnlySpan<byte> name, bool reserved)
    {
        if (reserved)
        {
            return new(JsonRpcErrorCodes.MethodNotFound, "Method not found", "Names beginning with 'rpc.' are reserved.");
        }

        var reader = new Utf8JsonReader(name);
        reader.Read();
        var text = reader.GetString() ?? string.Empty;
        return new(JsonRpcErrorCodes.MethodNotFound, "Method not found", text.Length <= MethodTable.MaxNameLength
            ? $"This service has no method '{text}'."
            : $"This service has no method of that name ({text.Length} characters; a name has at most {MethodTable.MaxNameLength}).");
    }
}
