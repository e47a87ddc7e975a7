using System.ComponentModel;
using System.Reflection;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Methods;
using OrleansRpc.Rpc;

namespace OrleansRpc.Gateway.Discovery;

/// <summary>
/// The OpenRPC 1.3 document of the method table: each method's parameters and result with JSON Schemas
/// of their C# types, the transports it allows, whether it is a notification, and the errors it may
/// answer. Built once, when first asked for, and kept as bytes (GET /openrpc.json) and as an element
/// (rpc.discover).
/// </summary>
internal sealed class OpenRpcDocument
{
    public const string SpecificationVersion = "1.3.2";

    // The framework's error codes, in components/errors; methods refer to the ones they can answer.
    private static readonly (string Name, int Code, string Message)[] Errors =
    [
        ("InvalidParams", JsonRpcErrorCodes.InvalidParams, "Invalid params"),
        ("ServerError", JsonRpcErrorCodes.ServerError, "Server error"),
        ("Unauthorized", JsonRpcErrorCodes.Unauthorized, "Unauthorized"),
        ("RequestTimedOut", JsonRpcErrorCodes.RequestTimedOut, "Request timed out"),
        ("ServerBusy", JsonRpcErrorCodes.ServerBusy, "Server busy"),
        ("NodeUnavailable", JsonRpcErrorCodes.NodeUnavailable, "Node unavailable"),
        ("StorageUnavailable", JsonRpcErrorCodes.StorageUnavailable, "Storage unavailable"),
        ("ResponseTooLarge", JsonRpcErrorCodes.ResponseTooLarge, "Response too large"),
    ];

    public OpenRpcDocument(MethodTable methods, JsonRpcOptions options, string title, string version)
    {
        var document = Build(methods.Methods, options, title, version);
        // Escaping only what JSON requires, as every answer of the gateway: it is never embedded in HTML.
        Utf8 = JsonSerializer.SerializeToUtf8Bytes(document, new JsonSerializerOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
        // Parsed once and kept for the process: every rpc.discover answers this same element.
        Root = JsonDocument.Parse(Utf8).RootElement;
    }

    public byte[] Utf8 { get; }

    public JsonElement Root { get; }

    private static JsonObject Build(IEnumerable<RpcMethod> methods, JsonRpcOptions options, string title, string version)
    {
        var schemas = new OpenRpcSchemas(options.SerializerOptions);
        var list = new JsonArray();
        foreach (var method in methods.OrderBy(m => m.Name, StringComparer.Ordinal))
        {
            if (method.Name.StartsWith("$/", StringComparison.Ordinal))
            {
                // The protocol's own ($/enumerator/next and abort), which streamed results (x-streamed) imply.
                continue;
            }

            list.Add(Method(method, schemas));
        }

        var errors = new JsonObject();
        foreach (var (name, code, message) in Errors)
        {
            errors[name] = new JsonObject { ["code"] = code, ["message"] = message };
        }

        return new JsonObject
        {
            ["openrpc"] = SpecificationVersion,
            ["info"] = new JsonObject
            {
                ["title"] = title,
                ["version"] = version,
                ["description"] = "JSON-RPC 1.0 and 2.0 over WebSocket and HTTP POST; x-transports gives their paths on this server, and each method's x-transports which of them it takes.",
            },
            // Relative, which OpenRPC allows: resolved against wherever the document is served from, this
            // gateway's own origin, under whatever name and scheme the client reached it.
            ["servers"] = new JsonArray(
                new JsonObject { ["name"] = "websocket", ["url"] = options.WebSocketPath },
                new JsonObject { ["name"] = "http", ["url"] = options.HttpPath }),
            ["x-transports"] = new JsonObject { ["websocket"] = options.WebSocketPath, ["http"] = options.HttpPath },
            ["methods"] = list,
            ["components"] = new JsonObject { ["errors"] = errors },
        };
    }

    private static JsonObject Method(RpcMethod method, OpenRpcSchemas schemas)
    {
        var node = new JsonObject { ["name"] = method.Name };
        if (method.Method.GetCustomAttribute<DescriptionAttribute>() is { Description.Length: > 0 } description)
        {
            node["description"] = description.Description;
        }

        var parameters = new JsonArray();
        if (method.RawParams is { } raw)
        {
            parameters.Add(new JsonObject
            {
                ["name"] = raw.Name,
                ["description"] = "The whole params, array or object, as sent.",
                ["schema"] = new JsonObject { ["type"] = new JsonArray("array", "object") },
            });
        }

        foreach (var parameter in method.Bound)
        {
            parameters.Add(Parameter(parameter, schemas));
        }

        node["paramStructure"] = "either";
        node["params"] = parameters;
        var transports = new JsonArray();
        if (method.AllowWebSocket)
        {
            transports.Add("websocket");
        }

        if (method.AllowHttp)
        {
            transports.Add("http");
        }

        node["x-transports"] = transports;
        if (method.IsNotificationOnly)
        {
            // Never answered: no result, no errors; send it without an id.
            node["x-notification"] = true;
            return node;
        }

        node["result"] = method.GrainInterface == typeof(IOpenRpcGrain)
            ? new JsonObject { ["name"] = "OpenRPC document", ["schema"] = new JsonObject { ["$ref"] = "https://meta.open-rpc.org/" } }
            : new JsonObject { ["name"] = "result", ["schema"] = ResultSchema(method.Method.ReturnType, schemas) };
        if (IsStreamed(method.Method.ReturnType))
        {
            // Each item's schema: the result is a page of them and a token to pull the next with.
            node["x-streamed"] = schemas.For(method.Method.ReturnType.GetGenericArguments()[0]);
        }

        var errors = new JsonArray();
        foreach (var (name, code, _) in Errors)
        {
            if (code != JsonRpcErrorCodes.Unauthorized || method.Authorization is not null)
            {
                errors.Add(new JsonObject { ["$ref"] = $"#/components/errors/{name}" });
            }
        }

        // The application's own, as its interface and method declare them.
        foreach (var declared in method.GrainInterface.GetCustomAttributes<JsonRpcErrorAttribute>().Concat(method.Method.GetCustomAttributes<JsonRpcErrorAttribute>()))
        {
            errors.Add(new JsonObject { ["code"] = declared.Code, ["message"] = declared.Message });
        }

        node["errors"] = errors;
        return node;
    }

    private static JsonObject Parameter(RpcParameter parameter, OpenRpcSchemas schemas)
    {
        var node = new JsonObject { ["name"] = parameter.Name, ["required"] = parameter.IsRequired };
        if (parameter.IsParamsArray)
        {
            node["description"] = "By position, every remaining value; by name, an array.";
            node["x-variadic"] = true;
        }

        if (parameter.IsProgress)
        {
            // The token the client passes in the parameter's place; x-progress is what each report's value is.
            node["description"] = "A progress token (or null for none): each report comes before the answer as the notification $/progress {token, value}.";
            node["schema"] = new JsonObject { ["type"] = new JsonArray("integer", "string", "null") };
            node["x-progress"] = schemas.For(parameter.Type.GetGenericArguments()[0]);
            return node;
        }

        var schema = schemas.For(parameter.Type);
        if (parameter.Info.HasDefaultValue && schema is JsonObject withDefault)
        {
            withDefault["default"] = schemas.Value(parameter.Info.DefaultValue, parameter.Type);
        }

        node["schema"] = schema;
        return node;
    }

    private static JsonNode ResultSchema(Type returnType, OpenRpcSchemas schemas)
    {
        if (returnType == typeof(Task) || returnType == typeof(ValueTask))
        {
            return new JsonObject { ["type"] = "null" };
        }

        if (IsStreamed(returnType))
        {
            return new JsonObject
            {
                ["type"] = "object",
                ["description"] = "The first items of a streamed result, and while it is not finished the token that $/enumerator/next pulls the next with and $/enumerator/abort stops it with (StreamJsonRpc's protocol).",
                ["properties"] = new JsonObject
                {
                    ["token"] = new JsonObject { ["type"] = "integer" },
                    ["values"] = new JsonObject { ["type"] = "array", ["items"] = schemas.For(returnType.GetGenericArguments()[0]) },
                    ["finished"] = new JsonObject { ["type"] = "boolean" },
                },
                ["required"] = new JsonArray("values", "finished"),
            };
        }

        return schemas.For(returnType.GetGenericArguments()[0]);
    }

    private static bool IsStreamed(Type returnType) => returnType.IsGenericType && returnType.GetGenericTypeDefinition() == typeof(IAsyncEnumerable<>);
}
