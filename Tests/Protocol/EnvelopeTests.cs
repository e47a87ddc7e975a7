using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>Version detection, id echo and request validation (the README's "Protocol").</summary>
public sealed class EnvelopeTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    public static TheoryData<string, string> Cases => TransportData.Cross(Examples.Keys);

    private static readonly Dictionary<string, ProtocolExample> Examples = new()
    {
        ["null id in 2.0 is a call"] = new("""{"jsonrpc":"2.0","method":"ping","id":null}""", """{"jsonrpc":"2.0","result":"pong","id":null}"""),
        ["invalid request keeps a valid id"] = new("""{"jsonrpc":"2.0","method":5,"id":42}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":42}"""),
        ["object id is invalid"] = new("""{"jsonrpc":"2.0","method":"ping","id":{"a":1}}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"""),
        ["boolean id is invalid"] = new("""{"jsonrpc":"2.0","method":"ping","id":true}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"""),
        ["version 1.0 string is invalid"] = new("""{"jsonrpc":"1.0","method":"ping","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"""),
        ["version as a number is invalid"] = new("""{"jsonrpc":2.0,"method":"ping","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"""),
        ["missing method"] = new("""{"jsonrpc":"2.0","id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"""),
        ["null method"] = new("""{"jsonrpc":"2.0","method":null,"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"""),
        ["scalar params"] = new("""{"jsonrpc":"2.0","method":"subtract","params":5,"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"""),
        ["null params"] = new("""{"jsonrpc":"2.0","method":"subtract","params":null,"id":1}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":1}"""),
        ["invalid notification is still answered"] = new("""{"jsonrpc":"2.0","method":"subtract","params":"bar"}""", """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}"""),
        ["unknown method as notification is silent"] = new("""{"jsonrpc":"2.0","method":"nope","params":[1]}""", null),
        ["bad params as notification are silent"] = new("""{"jsonrpc":"2.0","method":"subtract","params":["x"]}""", null),
        ["a method sent as notification runs silently"] = new("""{"jsonrpc":"2.0","method":"subtract","params":[1,2]}""", null),
        ["notif1 is a silent notification"] = new("""{"jsonrpc":"2.0","method":"notif1","params":{"a":[1,2]}}""", null),
        ["failing notification is silent"] = new("""{"jsonrpc":"2.0","method":"crash"}""", null),
        ["1.0 with a 2.0 batch element mix"] = new(
            """[{"jsonrpc":"2.0","method":"subtract","params":[3,1],"id":"a"},{"method":"subtract","params":[3,1],"id":"b"}]""",
            """[{"jsonrpc":"2.0","result":2,"id":"a"},{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":"b"}]"""),
        ["1.0 error from a crash"] = new("""{"method":"crash","params":[],"id":"c"}""", """{"result":null,"error":{"code":-32000,"message":"Server error"},"id":"c"}"""),
        ["batch answers keep request order"] = new(
            """[{"jsonrpc":"2.0","method":"test.valuetask","params":[1],"id":1},{"jsonrpc":"2.0","method":"subtract","params":[9,1],"id":2},{"jsonrpc":"2.0","method":"test.valuetask","params":[3],"id":3}]""",
            """[{"jsonrpc":"2.0","result":2,"id":1},{"jsonrpc":"2.0","result":8,"id":2},{"jsonrpc":"2.0","result":6,"id":3}]"""),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task Answers(string transport, string name)
    {
        await using var client = fixture.Server.Client(transport);
        await Examples[name].AssertAsync(client);
    }

    [Theory]
    [InlineData("http", "12345678901234567890123456789")]
    [InlineData("ws", "12345678901234567890123456789")]
    [InlineData("http", "1.50")]
    [InlineData("ws", "-0.000000000000000000001e-7")]
    [InlineData("http", "\"a\\\"b\\u00e9\\ud83d\\ude00\"")]
    [InlineData("ws", "\"\"")]
    public async Task IdIsEchoedExactly(string transport, string id)
    {
        await using var client = fixture.Server.Client(transport);
        var answer = await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"ping","id":{{id}}}""");
        Assert.Equal($$"""{"jsonrpc":"2.0","result":"pong","id":{{id}}}""", answer);

        var error = await client.ExchangeAsync($$"""{"method":"nope","params":[],"id":{{id}}}""");
        Assert.EndsWith($$""","id":{{id}}}""", error);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task NotificationsRun(string transport)
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var name = Guid.NewGuid().ToString("N");
        await using var client = fixture.Server.Client(transport);
        Assert.Null(await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"test.notify","params":["{{name}}"]}""", expectAnswer: false));
        await barriers.WaitAsync(name);

        var failing = Guid.NewGuid().ToString("N");
        Assert.Null(await client.ExchangeAsync($$"""{"method":"test.signal_then_throw","params":["{{failing}}"],"id":null}""", expectAnswer: false));
        await barriers.WaitAsync(failing);
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task OversizedBatchGetsOneError(string transport)
    {
        var elements = string.Join(",", Enumerable.Range(0, 101).Select(i => $$"""{"jsonrpc":"2.0","method":"ping","id":{{i}}}"""));
        await using var client = fixture.Server.Client(transport);
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}""", await client.ExchangeAsync($"[{elements}]"));

        var full = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"jsonrpc":"2.0","method":"subtract","params":[{{i}},0],"id":{{i}}}"""));
        var expected = string.Join(",", Enumerable.Range(0, 100).Select(i => $$"""{"jsonrpc":"2.0","result":{{i}},"id":{{i}}}"""));
        JsonAssert.Equal($"[{expected}]", await client.ExchangeAsync($"[{full}]"));
    }
}
