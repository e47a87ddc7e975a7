using System.Text.Json;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Dispatch;
using OrleansRpc.Gateway.Protocol;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Methods;

/// <summary>
/// Binds <c>params</c> to a method's arguments straight from the request bytes: by position (an array,
/// the rest of it going to a <c>params T[]</c> parameter) or by name (an object). Injected parameters
/// take no position, so positional binding never shifts.
/// </summary>
internal static class ParamsBinder
{
    /// <summary>Writes every argument of <paramref name="call"/>, or says why params do not fit.</summary>
    public static bool TryBind(
        RpcMethod method,
        ReadOnlySpan<byte> message,
        in Envelope envelope,
        RpcConnection connection,
        JsonReaderOptions readerOptions,
        RpcCall call,
        out JsonRpcError error)
    {
        error = default;
        var paramsJson = envelope.HasParams ? message.Slice(envelope.ParamsStart, envelope.ParamsLength) : default;
        foreach (var parameter in method.Parameters)
        {
            switch (parameter.Source)
            {
                case ParameterSource.RpcContext or ParameterSource.CancellationToken:
                    parameter.Inject!(call, connection);
                    break;
                case ParameterSource.RawParams:
                    parameter.SetRawParams!(call, envelope.HasParams ? ReadElement(paramsJson, readerOptions) : default);
                    break;
            }
        }

        if (method.RawParams is not null)
        {
            return true;
        }

        Span<bool> seen = method.Bound.Length <= 64 ? stackalloc bool[method.Bound.Length] : new bool[method.Bound.Length];
        if (envelope.HasParams)
        {
            var reader = new Utf8JsonReader(paramsJson, readerOptions);
            reader.Read();
            var bound = envelope.ParamsToken == JsonTokenType.StartArray
                ? BindPositional(method, ref reader, call, seen, out error)
                : BindNamed(method, ref reader, call, seen, out error);
            if (!bound)
            {
                return false;
            }
        }

        for (var i = 0; i < method.Bound.Length; i++)
        {
            if (seen[i])
            {
                continue;
            }

            var parameter = method.Bound[i];
            if (parameter.IsRequired)
            {
                error = InvalidParams(parameter.Name, "is required");
                return false;
            }

            parameter.Binder!.SetDefault(call);
        }

        return true;
    }

    private static bool BindPositional(RpcMethod method, ref Utf8JsonReader reader, RpcCall call, scoped Span<bool> seen, out JsonRpcError error)
    {
        error = default;
        var index = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (index >= method.Bound.Length)
            {
                var count = index + 1;
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    reader.Skip();
                    count++;
                }

                error = new JsonRpcError(
                    JsonRpcErrorCodes.InvalidParams,
                    "Invalid params",
                    new InvalidParamsData(null, $"expected at most {method.Bound.Length} parameters, got {count}"));
                return false;
            }

            var parameter = method.Bound[index];
            if (!TryRead(parameter, ref reader, call, positionalRest: parameter.IsParamsArray, out error))
            {
                return false;
            }

            seen[index] = true;
            if (parameter.IsParamsArray)
            {
                return true;
            }

            index++;
        }

        return true;
    }

    private static bool BindNamed(RpcMethod method, ref Utf8JsonReader reader, RpcCall call, scoped Span<bool> seen, out JsonRpcError error)
    {
        error = default;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var index = IndexOf(method.Bound, ref reader);
            if (index < 0)
            {
                error = InvalidParams(reader.GetString(), "is not a parameter of this method");
                return false;
            }

            var parameter = method.Bound[index];
            if (seen[index])
            {
                error = InvalidParams(parameter.Name, "is given more than once");
                return false;
            }

            reader.Read();
            if (!TryRead(parameter, ref reader, call, positionalRest: false, out error))
            {
                return false;
            }

            seen[index] = true;
        }

        return true;
    }

    private static int IndexOf(RpcParameter[] parameters, ref Utf8JsonReader reader)
    {
        for (var i = 0; i < parameters.Length; i++)
        {
            if (reader.ValueTextEquals(parameters[i].Utf8Name))
            {
                return i;
            }
        }

        return -1;
    }

    private static bool TryRead(RpcParameter parameter, ref Utf8JsonReader reader, RpcCall call, bool positionalRest, out JsonRpcError error)
    {
        try
        {
            if (positionalRest)
            {
                parameter.Binder!.ReadRemaining(ref reader, call);
            }
            else if (reader.TokenType == JsonTokenType.Null && !parameter.AcceptsNull)
            {
                error = InvalidParams(parameter.Name, "must not be null");
                return false;
            }
            else
            {
                parameter.Binder!.Read(ref reader, call);
            }

            error = default;
            return true;
        }
        catch (Exception ex) when (ex is JsonException or FormatException or InvalidOperationException or NotSupportedException or OverflowException or ArgumentException)
        {
            error = InvalidParams(parameter.Name, $"must be {JsonTypeNames.Describe(positionalRest ? parameter.Type.GetElementType()! : parameter.Type)}");
            return false;
        }
    }

    private static JsonElement ReadElement(ReadOnlySpan<byte> json, JsonReaderOptions readerOptions)
    {
        var reader = new Utf8JsonReader(json, readerOptions);
        reader.Read();
        return JsonElement.ParseValue(ref reader);
    }

    public static JsonRpcError InvalidParams(string? parameter, string reason) =>
        new(JsonRpcErrorCodes.InvalidParams, "Invalid params", new InvalidParamsData(parameter, $"'{parameter}' {reason}"));
}
