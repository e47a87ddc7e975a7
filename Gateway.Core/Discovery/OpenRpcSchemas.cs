using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Schema;

namespace OrleansRpc.Gateway.Discovery;

/// <summary>
/// JSON Schemas of parameter and result types, from the same serializer options that bind and write
/// them (names, converters and number handling included), by System.Text.Json's own exporter.
/// </summary>
internal sealed class OpenRpcSchemas(JsonSerializerOptions serializerOptions)
{
    private static readonly JsonSchemaExporterOptions ExporterOptions = new() { TreatNullObliviousAsNonNullable = true };

    private readonly Dictionary<Type, JsonNode> _schemas = [];

    /// <summary>A parameter's default value as the serializer writes it (an enum's as its converter does).</summary>
    public JsonNode? Value(object? value, Type type)
    {
        var underlying = Nullable.GetUnderlyingType(type) ?? type;
        if (value is not null && underlying.IsEnum)
        {
            value = Enum.ToObject(underlying, value);
        }

        return value is null ? null : JsonSerializer.SerializeToNode(value, underlying, serializerOptions);
    }

    /// <summary>A fresh copy each time: a node has one parent in the document.</summary>
    public JsonNode For(Type type)
    {
        if (!_schemas.TryGetValue(type, out var schema))
        {
            schema = JsonSchemaExporter.GetJsonSchemaAsNode(serializerOptions, type, ExporterOptions);
            if (schema is JsonValue open && open.TryGetValue<bool>(out var any) && any)
            {
                // "Anything" (a JsonElement, an object): the same schema spelled as an object, which tools
                // that read schemas as objects (OpenRPC's playground, code generators) take.
                schema = new JsonObject();
            }

            if (schema is JsonObject node && schema.ToJsonString().Contains("\"$ref\"", StringComparison.Ordinal))
            {
                // The exporter refers to parts of a recursive type from the type's own root ("#/..."); an
                // $id makes that root the base of those references wherever the schema sits in the document.
                node.Insert(0, "$id", $"urn:orleansrpc:schema:{Uri.EscapeDataString(type.FullName ?? type.Name)}");
            }

            _schemas.Add(type, schema);
        }

        return schema.DeepClone();
    }
}
