using System.Text.Json.Nodes;
using Json.Schema;
using OrleansRpc.Tests.Documentation;

namespace OrleansRpc.Tests.Discovery;

/// <summary>
/// The OpenRPC meta-schema, as the @open-rpc/meta-schema package publishes it (Tests/prerequisites.sh
/// writes it to Tests/obj). Its "JSONSchema" definition, and the "$ref" of its reference object, point at
/// json-schema-tools' copy of the draft-07 meta-schema, which is not here: draft 7's own, which
/// JsonSchema.Net knows, stands in for it, and a URI reference for "$ref", as draft 7 defines it.
/// </summary>
public static class OpenRpcMetaSchema
{
    public const string Version = "1.14.9";

    private const string Draft7 = "http://json-schema.org/draft-07/schema#";

    private static readonly Lazy<JsonSchema> Schema = new(Load);

    public static EvaluationResults Evaluate(string document) =>
        Schema.Value.Evaluate(System.Text.Json.JsonDocument.Parse(document).RootElement, new EvaluationOptions { OutputFormat = OutputFormat.List });

    private static JsonSchema Load()
    {
        var repository = Path.GetDirectoryName(ReadmeCodeBlock.ReadmePath())!;
        var path = Path.Combine(repository, "Tests", "obj", $"openrpc-meta-schema-{Version}.json");
        if (!File.Exists(path))
        {
            throw new FileNotFoundException($"No OpenRPC meta-schema at {path}: Tests/prerequisites.sh writes it (Tests/run.sh runs it before the tests).");
        }

        var schema = JsonNode.Parse(File.ReadAllText(path))!.AsObject();
        schema["$schema"] = Draft7;
        schema["definitions"]!["JSONSchema"] = new JsonObject { ["$ref"] = Draft7 };
        schema["definitions"]!["referenceObject"]!["properties"]!["$ref"] = new JsonObject { ["type"] = "string", ["format"] = "uri-reference" };
        return JsonSchema.FromText(schema.ToJsonString());
    }
}
