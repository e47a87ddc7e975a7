using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>How params reach typed arguments: by position, by name, defaults, variadics, injection, errors.</summary>
public sealed class BindingTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Cases => TransportData.Cross(Examples.Keys);

    private static readonly Dictionary<string, ProtocolExample> Examples = new()
    {
        ["defaults fill missing positional"] = new("""{"jsonrpc":"2.0","method":"test.optional","params":[1],"id":1}""", """{"jsonrpc":"2.0","result":"1|10|x","id":1}"""),
        ["defaults fill missing named"] = new("""{"jsonrpc":"2.0","method":"test.optional","params":{"c":"z","a":1},"id":1}""", """{"jsonrpc":"2.0","result":"1|10|z","id":1}"""),
        ["all given"] = new("""{"jsonrpc":"2.0","method":"test.optional","params":[1,2,"y"],"id":1}""", """{"jsonrpc":"2.0","result":"1|2|y","id":1}"""),
        ["missing required"] = new("""{"jsonrpc":"2.0","method":"test.optional","params":{"b":2},"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"a","reason":"'a' is required"}},"id":1}"""),
        ["no params at all"] = new("""{"jsonrpc":"2.0","method":"subtract","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"minuend","reason":"'minuend' is required"}},"id":1}"""),
        ["unknown name"] = new("""{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"subtrahend":2,"extra":3},"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"extra","reason":"'extra' is not a parameter of this method"}},"id":1}"""),
        ["name given twice"] = new("""{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"minuend":2,"subtrahend":3},"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"minuend","reason":"'minuend' is given more than once"}},"id":1}"""),
        ["too many positional"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[1,2,3,4],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":null,"reason":"expected at most 2 parameters, got 4"}},"id":1}"""),
        ["parameters to a method without any"] = new("""{"jsonrpc":"2.0","method":"get_data","params":[1],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":null,"reason":"expected at most 0 parameters, got 1"}},"id":1}"""),
        ["empty params to a method without any"] = new("""{"jsonrpc":"2.0","method":"get_data","params":{},"id":1}""", """{"jsonrpc":"2.0","result":["hello",5],"id":1}"""),
        ["wrong type"] = new("""{"jsonrpc":"2.0","method":"subtract","params":["a",2],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"minuend","reason":"'minuend' must be an integer (Int64)"}},"id":1}"""),
        ["number in a string is not a number"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[1,"2"],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"subtrahend","reason":"'subtrahend' must be an integer (Int64)"}},"id":1}"""),
        ["null for an integer"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[null,2],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"minuend","reason":"'minuend' must be an integer (Int64)"}},"id":1}"""),
        ["fraction for an integer"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[1.5,2],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"minuend","reason":"'minuend' must be an integer (Int64)"}},"id":1}"""),
        ["integer overflow"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[99999999999999999999,2],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"minuend","reason":"'minuend' must be an integer (Int64)"}},"id":1}"""),
        ["every kind of value"] = new(
            """{"jsonrpc":"2.0","method":"test.kinds","params":["t",true,2.5,[1,2],{"b":2,"a":1},{"x":3,"y":4},7],"id":1}""",
            """{"jsonrpc":"2.0","result":"t|True|2.5|1,2|a=1,b=2|3,4|7","id":1}"""),
        ["nullable given null"] = new(
            """{"jsonrpc":"2.0","method":"test.kinds","params":{"text":"t","flag":false,"number":1,"list":[],"map":{},"point":{"x":0,"y":0},"maybe":null},"id":1}""",
            """{"jsonrpc":"2.0","result":"t|False|1|||0,0|none","id":1}"""),
        ["wrong shape of object"] = new(
            """{"jsonrpc":"2.0","method":"test.kinds","params":["t",true,2.5,[1,2],{"a":1},[3,4]],"id":1}""",
            """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"point","reason":"'point' must be an object (Point)"}},"id":1}"""),
        ["variadic"] = new("""{"jsonrpc":"2.0","method":"test.variadic","params":["s",1,2,3],"id":1}""", """{"jsonrpc":"2.0","result":"s:6:3","id":1}"""),
        ["variadic with none"] = new("""{"jsonrpc":"2.0","method":"test.variadic","params":["s"],"id":1}""", """{"jsonrpc":"2.0","result":"s:0:0","id":1}"""),
        ["variadic by name"] = new("""{"jsonrpc":"2.0","method":"test.variadic","params":{"label":"s","values":[4,5]},"id":1}""", """{"jsonrpc":"2.0","result":"s:9:2","id":1}"""),
        ["variadic wrong element"] = new("""{"jsonrpc":"2.0","method":"test.variadic","params":["s",1,"x"],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"values","reason":"'values' must be an integer (Int32)"}},"id":1}"""),
        ["sum of nothing"] = new("""{"jsonrpc":"2.0","method":"sum","params":[],"id":1}""", """{"jsonrpc":"2.0","result":0,"id":1}"""),
        ["value task result"] = new("""{"jsonrpc":"2.0","method":"test.valuetask","params":[21],"id":1}""", """{"jsonrpc":"2.0","result":42,"id":1}"""),
        ["more arguments than a tuple holds"] = new(
            """{"jsonrpc":"2.0","method":"test.many","params":[1,2,3,4,5,6,"h",8,"x","y"],"id":1}""",
            """{"jsonrpc":"2.0","result":"1,2,3,4,5,6|True|h|8|x,y","id":1}"""),
        ["more arguments than a tuple holds, by name, defaults past the seventh"] = new(
            """{"jsonrpc":"2.0","method":"test.many","params":{"h":"h","f":6,"e":5,"d":4,"c":3,"b":2,"a":1},"id":1}""",
            """{"jsonrpc":"2.0","result":"1,2,3,4,5,6|True|h|9|","id":1}"""),
        ["more arguments than a tuple holds, wrong type past the seventh"] = new(
            """{"jsonrpc":"2.0","method":"test.many","params":[1,2,3,4,5,6,"h","8"],"id":1}""",
            """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"i","reason":"'i' must be an integer (Int64)"}},"id":1}"""),
        ["value task without result, synchronous"] = new("""{"jsonrpc":"2.0","method":"test.valuetask_nothing","params":[false],"id":1}""", """{"jsonrpc":"2.0","result":null,"id":1}"""),
        ["value task without result, asynchronous"] = new("""{"jsonrpc":"2.0","method":"test.valuetask_nothing","params":[true],"id":1}""", """{"jsonrpc":"2.0","result":null,"id":1}"""),
        ["no result is null"] = new("""{"jsonrpc":"2.0","method":"test.nothing","id":1}""", """{"jsonrpc":"2.0","result":null,"id":1}"""),
        ["no result in 1.0"] = new("""{"method":"test.nothing","params":[],"id":1}""", """{"result":null,"error":null,"id":1}"""),
        ["method name defaults to C# name"] = new("""{"jsonrpc":"2.0","method":"DefaultName","id":1}""", """{"jsonrpc":"2.0","result":"default","id":1}"""),
        ["echo any JSON"] = new("""{"jsonrpc":"2.0","method":"echo","params":{"value":{"a":[1,2.50,{"b":null}],"c":"\u00e9"}},"id":1}""", """{"jsonrpc":"2.0","result":{"a":[1,2.5,{"b":null}],"c":"é"},"id":1}"""),
        ["echo null"] = new("""{"jsonrpc":"2.0","method":"echo","params":[null],"id":1}""", """{"jsonrpc":"2.0","result":null,"id":1}"""),
        ["ping"] = new("""{"jsonrpc":"2.0","method":"ping","id":1}""", """{"jsonrpc":"2.0","result":"pong","id":1}"""),
        ["ping with a fake error"] = new("""{"jsonrpc":"2.0","method":"ping","params":[true],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32000,"message":"fake_error"},"id":1}"""),
        ["ping with a fake error by name"] = new("""{"jsonrpc":"2.0","method":"ping","params":{"fake_an_error":true},"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32000,"message":"fake_error"},"id":1}"""),
        ["ping_with_error"] = new("""{"jsonrpc":"2.0","method":"ping_with_error","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32000,"message":"pong_with_error"},"id":1}"""),
        ["ping_with_error_data"] = new("""{"jsonrpc":"2.0","method":"ping_with_error_data","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32000,"message":"pong_with_error","data":["test_data",true]},"id":1}"""),
        ["custom error code and data"] = new("""{"jsonrpc":"2.0","method":"test.error_data","id":1}""", """{"jsonrpc":"2.0","error":{"code":4242,"message":"custom failure","data":{"x":1,"y":2}},"id":1}"""),
        ["crash hides the exception"] = new("""{"jsonrpc":"2.0","method":"crash","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32000,"message":"Server error"},"id":1}"""),
        ["unserializable result"] = new("""{"jsonrpc":"2.0","method":"test.unserializable","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32603,"message":"Internal error","data":"The result could not be serialized."},"id":1}"""),
        ["unserializable result in 1.0"] = new("""{"method":"test.unserializable","params":[],"id":1}""", """{"result":null,"error":{"code":-32603,"message":"Internal error","data":"The result could not be serialized."},"id":1}"""),
        ["notification method called with an id"] = new("""{"jsonrpc":"2.0","method":"update","params":[1],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"'update' is a notification: send it without an id."},"id":1}"""),
        ["reserved rpc. name"] = new("""{"jsonrpc":"2.0","method":"rpc.describe","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"Names beginning with 'rpc.' are reserved."},"id":1}"""),
        ["escaped method name"] = new("""{"jsonrpc":"2.0","method":"sub\u0074ract","params":[5,3],"id":1}""", """{"jsonrpc":"2.0","result":2,"id":1}"""),
        ["method names are case-sensitive"] = new("""{"jsonrpc":"2.0","method":"Subtract","params":[5,3],"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"This service has no method 'Subtract'."},"id":1}"""),
        ["members in any order"] = new("""{"id":1,"params":[5,3],"method":"subtract","jsonrpc":"2.0"}""", """{"jsonrpc":"2.0","result":2,"id":1}"""),
        ["unknown members are ignored"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[5,3],"id":1,"extra":{"x":[1]}}""", """{"jsonrpc":"2.0","result":2,"id":1}"""),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Binds(string transport, string name)
    {
        await using var client = fixture.Server.Client(transport);
        JsonAssert.Equal(Examples[name].Expected!, await client.ExchangeAsync(Examples[name].Request));
    }

    [Theory]
    [InlineData("http", "Http")]
    [InlineData("ws", "WebSocket")]
    public async Task InjectedParametersTakeNoPosition(string transport, string transportName)
    {
        await using var client = fixture.Server.Client(transport);
        var answer = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.injected","params":[3,4],"id":1}""");
        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"3|4|{{transportName}}|True|True","id":1}""", answer);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task ParameterKeyedCallsReachTheNamedGrain(string transport)
    {
        var a = "room-" + Guid.NewGuid().ToString("N");
        var b = "room-" + Guid.NewGuid().ToString("N");
        await using var client = fixture.Server.Client(transport);
        await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"room.post","params":{"room":"{{a}}","text":"one"},"id":1}""");
        await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"room.post","params":["{{b}}","two"],"id":2}""");
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"room.post","params":["{{a}}","three"],"id":3}""");
        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"{{a}}:one,three","id":3}""", answer);

        var nullKey = await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"room.post","params":[null,"x"],"id":4}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"room","reason":"'room' must not be null"}},"id":4}""", nullKey);
    }

    [Fact]
    public async Task SingletonGrainIsSharedByAllConnections()
    {
        await using var first = fixture.Server.Client("ws");
        await using var second = fixture.Server.Client("http");
        var one = Result(await first.ExchangeAsync("""{"jsonrpc":"2.0","method":"counter.next","id":1}""")).GetValue<int>();
        var two = Result(await second.ExchangeAsync("""{"jsonrpc":"2.0","method":"counter.next","id":1}""")).GetValue<int>();
        var three = Result(await first.ExchangeAsync("""{"jsonrpc":"2.0","method":"counter.next","id":1}""")).GetValue<int>();
        Assert.Equal([one + 1, one + 2], [two, three]);
    }

    [Fact]
    public async Task ConnectionGrainIsOnePerConnection()
    {
        await using var first = fixture.Server.Client("ws");
        await using var second = fixture.Server.Client("ws");
        const string Request = """{"jsonrpc":"2.0","method":"test.connection","id":1}""";
        var a1 = Result(await first.ExchangeAsync(Request)).GetValue<string>();
        var a2 = Result(await first.ExchangeAsync(Request)).GetValue<string>();
        var b = Result(await second.ExchangeAsync(Request)).GetValue<string>();
        Assert.Equal(a1, a2);
        Assert.NotEqual(a1, b);
    }

    private static JsonNode Result(string? answer) => JsonNode.Parse(answer!)!["result"]!;
}
