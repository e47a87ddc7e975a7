using System.Net;
using System.Text.Json;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Discovery;

/// <summary>rpc.discover and GET /openrpc.json: the OpenRPC 1.3 document of the method table.</summary>
public sealed class OpenRpcTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task TheDocumentIsValidOpenRpc()
    {
        var document = await GetDocumentAsync(fixture.Server);

        var results = OpenRpcMetaSchema.Evaluate(document);

        Assert.True(results.IsValid, "Against the OpenRPC meta-schema:\n" + JsonSerializer.Serialize(results.Details?.Where(d => !d.IsValid).Select(d => new { d.InstanceLocation, d.EvaluationPath, d.Errors })));
    }

    [Fact]
    public async Task TheMetaSchemaCanFailADocument()
    {
        var document = JsonNode.Parse(await GetDocumentAsync(fixture.Server))!;
        document["methods"]![0]!["params"] = "not a list";
        document["openrpc"] = "9.9.9";

        Assert.False(OpenRpcMetaSchema.Evaluate(document.ToJsonString()).IsValid);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task RpcDiscoverAnswersTheDocumentOverEitherTransport(string transport)
    {
        var document = await GetDocumentAsync(fixture.Server);
        await using var client = fixture.Server.Client(transport);

        var answer = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"rpc.discover","id":7}"""))!)!;

        Assert.Equal(7, (int)answer["id"]!);
        JsonAssert.Equal(document, answer["result"]!.ToJsonString());
    }

    [Fact]
    public async Task MethodsCarryTheirParametersResultsTransportsAndErrors()
    {
        var methods = JsonNode.Parse(await GetDocumentAsync(fixture.Server))!["methods"]!.AsArray().ToDictionary(m => (string)m!["name"]!, m => m!);

        JsonAssert.Equal(
            """
            {
              "name": "subtract", "description": "minuend - subtrahend, checked: -32602 past 64 bits.", "paramStructure": "either",
              "params": [
                { "name": "minuend", "required": true, "schema": { "type": "integer" } },
                { "name": "subtrahend", "required": true, "schema": { "type": "integer" } }
              ],
              "x-transports": ["websocket", "http"],
              "result": { "name": "result", "schema": { "type": "integer" } },
              "errors": [
                { "$ref": "#/components/errors/InvalidParams" }, { "$ref": "#/components/errors/ServerError" },
                { "$ref": "#/components/errors/RequestTimedOut" }, { "$ref": "#/components/errors/ServerBusy" },
                { "$ref": "#/components/errors/NodeUnavailable" }, { "$ref": "#/components/errors/StorageUnavailable" }, { "$ref": "#/components/errors/ResponseTooLarge" }
              ]
            }
            """,
            methods["subtract"].ToJsonString());

        // Optional parameters with their defaults; injected ones (RpcContext, CancellationToken) are not params.
        JsonAssert.Equal(
            """
            [
              { "name": "a", "required": true, "schema": { "type": "integer" } },
              { "name": "b", "required": false, "schema": { "type": "integer", "default": 10 } },
              { "name": "c", "required": false, "schema": { "type": "string", "default": "x" } }
            ]
            """,
            methods["test.optional"]["params"]!.ToJsonString());
        Assert.Equal("Echoes its arguments, defaults filled in.", (string)methods["test.optional"]["description"]!);
        Assert.Equal(["x", "y"], methods["test.injected"]["params"]!.AsArray().Select(p => (string)p!["name"]!).Order());

        // Object types are described as the serializer writes them: camelCase names.
        var shape = methods["test.shape"]["params"]![0]!["schema"]!;
        Assert.Equal(["color", "firstName"], shape["properties"]!.AsObject().Select(p => p.Key).Order());
        Assert.Equal("string", (string)shape["properties"]!["firstName"]!["type"]!);

        // Variadic parameters, transports, notifications, authorization.
        Assert.True((bool)methods["sum"]["params"]![0]!["x-variadic"]!);
        Assert.Equal("""{"type":"array","items":{"type":"integer"}}""", methods["sum"]["params"]![0]!["schema"]!.ToJsonString());
        Assert.Equal("""["websocket"]""", methods["ws_only"]["x-transports"]!.ToJsonString());
        Assert.Equal("""["http"]""", methods["http_only"]["x-transports"]!.ToJsonString());
        Assert.True((bool)methods["update"]["x-notification"]!);
        Assert.Null(methods["update"]["result"]);
        Assert.Contains("#/components/errors/Unauthorized", methods["admin.adult"]["errors"]!.AsArray().Select(e => (string)e!["$ref"]!));
        Assert.DoesNotContain("#/components/errors/Unauthorized", methods["subtract"]["errors"]!.AsArray().Select(e => (string)e!["$ref"]!));
        Assert.Equal("https://meta.open-rpc.org/", (string)methods["rpc.discover"]["result"]!["schema"]!["$ref"]!);

        // A progress parameter takes a token; x-progress is each report's value.
        JsonAssert.Equal(
            """
            { "name": "progress", "required": false, "description": "A progress token (or null for none): each report comes before the answer as the notification $/progress {token, value}.",
              "schema": { "type": ["integer", "string", "null"] }, "x-progress": { "type": "integer" } }
            """,
            methods["work.progress"]["params"]![1]!.ToJsonString());

        // A streamed result: a page of items with a token, x-streamed is each item; the protocol's own methods are implied.
        Assert.Equal("""{"type":"integer"}""", methods["count.slowly"]["x-streamed"]!.ToJsonString());
        Assert.Equal("""{"type":"array","items":{"type":"integer"}}""", methods["count.slowly"]["result"]!["schema"]!["properties"]!["values"]!.ToJsonString());
        Assert.DoesNotContain(methods.Keys, name => name.StartsWith("$/", StringComparison.Ordinal));

        // The application's own errors, as the method declares them ([JsonRpcError]), after the framework's.
        Assert.Equal("""{"code":1001,"message":"Nickname taken"}""", methods["chat.join"]["errors"]!.AsArray().Last()!.ToJsonString());
        Assert.DoesNotContain(methods["subtract"]["errors"]!.AsArray(), e => e!["code"] is not null);

        // An open schema (echo's value is any JSON) is spelled as an object.
        Assert.Equal("{}", methods["echo"]["params"]![0]!["schema"]!.ToJsonString());
        Assert.Equal("{}", methods["echo"]["result"]!["schema"]!.ToJsonString());
    }

    [Fact]
    public async Task TheServersAreTheDocumentsOwnOrigin()
    {
        var document = JsonNode.Parse(await GetDocumentAsync(fixture.Server))!;

        // Relative URLs, which OpenRPC resolves against where the document was served from.
        JsonAssert.Equal("""[{"name":"websocket","url":"/ws"},{"name":"http","url":"/rpc"}]""", document["servers"]!.ToJsonString());
    }

    [Fact]
    public async Task TheComponentsNameEveryErrorCode()
    {
        var errors = JsonNode.Parse(await GetDocumentAsync(fixture.Server))!["components"]!["errors"]!;

        Assert.Equal(-32602, (int)errors["InvalidParams"]!["code"]!);
        Assert.Equal(-32001, (int)errors["Unauthorized"]!["code"]!);
        Assert.Equal(-32005, (int)errors["StorageUnavailable"]!["code"]!);
        Assert.Equal(-32006, (int)errors["ResponseTooLarge"]!["code"]!);
    }

    [Fact]
    public async Task DiscoveryCanBeTurnedOff()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:Discovery=false"]);
        using var http = new HttpClient { BaseAddress = server.Address };
        await using var client = server.Client("http");

        Assert.Equal(HttpStatusCode.NotFound, (await http.GetAsync("/openrpc.json")).StatusCode);
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"Names beginning with 'rpc.' are reserved."},"id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"rpc.discover","id":1}"""));
    }

    private static async Task<string> GetDocumentAsync(GatewayServer server)
    {
        using var http = new HttpClient { BaseAddress = server.Address };
        using var response = await http.GetAsync("/openrpc.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }
}
