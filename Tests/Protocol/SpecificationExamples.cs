namespace OrleansRpc.Tests.Protocol;

/// <summary>Every example of the JSON-RPC 2.0 specification (section 7), and JSON-RPC 1.0 counterparts.</summary>
public static class SpecificationExamples
{
    public static readonly IReadOnlyDictionary<string, ProtocolExample> V2 = new Dictionary<string, ProtocolExample>
    {
        ["positional 1"] = new("""{"jsonrpc": "2.0", "method": "subtract", "params": [42, 23], "id": 1}""", """{"jsonrpc": "2.0", "result": 19, "id": 1}"""),
        ["positional 2"] = new("""{"jsonrpc": "2.0", "method": "subtract", "params": [23, 42], "id": 2}""", """{"jsonrpc": "2.0", "result": -19, "id": 2}"""),
        ["named 1"] = new("""{"jsonrpc": "2.0", "method": "subtract", "params": {"subtrahend": 23, "minuend": 42}, "id": 3}""", """{"jsonrpc": "2.0", "result": 19, "id": 3}"""),
        ["named 2"] = new("""{"jsonrpc": "2.0", "method": "subtract", "params": {"minuend": 42, "subtrahend": 23}, "id": 4}""", """{"jsonrpc": "2.0", "result": 19, "id": 4}"""),
        ["notification 1"] = new("""{"jsonrpc": "2.0", "method": "update", "params": [1,2,3,4,5]}""", null),
        ["notification 2"] = new("""{"jsonrpc": "2.0", "method": "foobar"}""", null),
        ["non-existent method"] = new("""{"jsonrpc": "2.0", "method": "foobar", "id": "1"}""", """{"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found", "data": "This service has no method 'foobar'."}, "id": "1"}"""),
        ["invalid JSON"] = new("""{"jsonrpc": "2.0", "method": "foobar, "params": "bar", "baz]""", """{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}"""),
        ["invalid request object"] = new("""{"jsonrpc": "2.0", "method": 1, "params": "bar"}""", """{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}"""),
        ["batch, invalid JSON"] = new(
            """
            [
              {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
              {"jsonrpc": "2.0", "method"
            ]
            """,
            """{"jsonrpc": "2.0", "error": {"code": -32700, "message": "Parse error"}, "id": null}"""),
        ["empty array"] = new("[]", """{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}"""),
        ["non-empty invalid batch"] = new("[1]", """[{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}]"""),
        ["invalid batch"] = new(
            "[1,2,3]",
            """
            [
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null}
            ]
            """),
        ["batch"] = new(
            """
            [
              {"jsonrpc": "2.0", "method": "sum", "params": [1,2,4], "id": "1"},
              {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]},
              {"jsonrpc": "2.0", "method": "subtract", "params": [42,23], "id": "2"},
              {"foo": "boo"},
              {"jsonrpc": "2.0", "method": "foo.get", "params": {"name": "myself"}, "id": "5"},
              {"jsonrpc": "2.0", "method": "get_data", "id": "9"}
            ]
            """,
            """
            [
              {"jsonrpc": "2.0", "result": 7, "id": "1"},
              {"jsonrpc": "2.0", "result": 19, "id": "2"},
              {"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": null},
              {"jsonrpc": "2.0", "error": {"code": -32601, "message": "Method not found", "data": "This service has no method 'foo.get'."}, "id": "5"},
              {"jsonrpc": "2.0", "result": ["hello", 5], "id": "9"}
            ]
            """),
        ["batch of notifications"] = new(
            """
            [
              {"jsonrpc": "2.0", "method": "notify_sum", "params": [1,2,4]},
              {"jsonrpc": "2.0", "method": "notify_hello", "params": [7]}
            ]
            """,
            null),
    };

    public static readonly IReadOnlyDictionary<string, ProtocolExample> V1 = new Dictionary<string, ProtocolExample>
    {
        ["call"] = new("""{"method": "subtract", "params": [42, 23], "id": 1}""", """{"result": 19, "error": null, "id": 1}"""),
        ["string id"] = new("""{"method": "echo", "params": ["Hello JSON-RPC"], "id": "abc"}""", """{"result": "Hello JSON-RPC", "error": null, "id": "abc"}"""),
        ["notification"] = new("""{"method": "update", "params": ["hello"], "id": null}""", null),
        ["unknown method"] = new("""{"method": "foobar", "params": [], "id": 7}""", """{"result": null, "error": {"code": -32601, "message": "Method not found", "data": "This service has no method 'foobar'."}, "id": 7}"""),
        ["error from method"] = new("""{"method": "ping_with_error", "params": [], "id": 8}""", """{"result": null, "error": {"code": -32000, "message": "pong_with_error"}, "id": 8}"""),
        ["named params refused"] = new("""{"method": "subtract", "params": {"minuend": 1, "subtrahend": 2}, "id": 9}""", """{"result": null, "error": {"code": -32600, "message": "Invalid Request"}, "id": 9}"""),
        ["missing id"] = new("""{"method": "subtract", "params": [1, 2]}""", """{"result": null, "error": {"code": -32600, "message": "Invalid Request"}, "id": null}"""),
        ["no params"] = new("""{"method": "get_data", "id": 10}""", """{"result": ["hello", 5], "error": null, "id": 10}"""),
        ["in a batch is invalid"] = new("""[{"method": "subtract", "params": [1, 2], "id": 11}]""", """[{"jsonrpc": "2.0", "error": {"code": -32600, "message": "Invalid Request"}, "id": 11}]"""),
    };
}
