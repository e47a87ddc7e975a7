using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Protocol;

/// <summary>
/// Malformed messages get the specification's error and leave the connection working: over a WebSocket
/// every case is followed on the same connection by a good request.
/// </summary>
public sealed class BadInputTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string ParseError = """{"jsonrpc":"2.0","error":{"code":-32700,"message":"Parse error"},"id":null}""";
    private const string InvalidRequest = """{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}""";

    public static TheoryData<string, string> Cases => TransportData.Cross(Examples.Keys);

    private static readonly Dictionary<string, ProtocolExample> Examples = new()
    {
        ["not JSON"] = new("hello", ParseError),
        ["truncated"] = new("""{"jsonrpc":"2.0","method":"ping","id":1""", ParseError),
        ["truncated string"] = new("""{"jsonrpc":"2.0","method":"pi""", ParseError),
        ["empty"] = new("", ParseError),
        ["white space only"] = new(" \n\t ", ParseError),
        ["trailing garbage"] = new("""{"jsonrpc":"2.0","method":"ping","id":1} x""", ParseError),
        ["two messages in one"] = new("""{"jsonrpc":"2.0","method":"ping","id":1}{"jsonrpc":"2.0","method":"ping","id":2}""", ParseError),
        ["single quotes"] = new("{'jsonrpc':'2.0','method':'ping','id':1}", ParseError),
        ["trailing comma"] = new("""{"jsonrpc":"2.0","method":"ping","id":1,}""", ParseError),
        ["comment"] = new("""{"jsonrpc":"2.0","method":"ping","id":1 /* hi */}""", ParseError),
        ["number"] = new("42", InvalidRequest),
        ["string"] = new("\"ping\"", InvalidRequest),
        ["null"] = new("null", InvalidRequest),
        ["true"] = new("true", InvalidRequest),
        ["10,000 nested arrays"] = new(new string('[', 10_000) + new string(']', 10_000), InvalidRequest),
        ["10,000 unclosed arrays"] = new(new string('[', 10_000), InvalidRequest),
        ["deep object in params"] = new("""{"jsonrpc":"2.0","method":"echo","params":[""" + string.Concat(Enumerable.Repeat("{\"a\":", 100)) + "1" + new string('}', 100) + "],\"id\":1}", InvalidRequest),
        ["64 levels is allowed"] = new(new string('[', 64) + new string(']', 64), "[" + InvalidRequest + "]"),
        ["65 levels is refused"] = new(new string('[', 65) + new string(']', 65), InvalidRequest),
        ["63 unclosed levels is not JSON"] = new(new string('[', 63), ParseError),
        ["64 unclosed levels is not JSON"] = new(new string('[', 64), ParseError),
        ["65 unclosed levels is too deep"] = new(new string('[', 65), InvalidRequest),
        ["nested batch"] = new("""[[{"jsonrpc":"2.0","method":"ping","id":1}]]""", "[" + InvalidRequest + "]"),
        ["lone surrogate escape in a member name"] = new("""{"jsonrpc":"2.0","\ud800":1,"method":"ping","id":1}""", ParseError),
        ["lone surrogate escape in a params name"] = new("""{"jsonrpc":"2.0","method":"subtract","params":{"minuend":1,"\ud800":2},"id":1}""", ParseError),
        ["lone low surrogate escape in a string"] = new("""{"jsonrpc":"2.0","method":"echo","params":["\uDC00"],"id":1}""", ParseError),
        ["high surrogate escape before text"] = new("""{"jsonrpc":"2.0","method":"echo","params":["\ud800x"],"id":1}""", ParseError),
        ["high surrogate escape at the end"] = new("""{"jsonrpc":"2.0","method":"echo","params":["\ud800""", ParseError),
        ["lone surrogate escape in an id"] = new("""{"jsonrpc":"2.0","method":"ping","id":"\udfff"}""", ParseError),
        ["lone surrogate escape in a batch"] = new("""[{"jsonrpc":"2.0","method":"ping","id":1},{"jsonrpc":"2.0","method":"\ud800","id":2}]""", ParseError),
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task GetsTheSpecificationError(string transport, string name)
    {
        await using var client = fixture.Server.Client(transport);
        JsonAssert.Equal(Examples[name].Expected!, await client.ExchangeAsync(Examples[name].Request));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
    }

    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task EscapedSurrogatePairsAndEscapedBackslashesAreText(string transport)
    {
        await using var client = fixture.Server.Client(transport);
        JsonAssert.Equal(
            """{"jsonrpc":"2.0","result":"\ud83d\ude00 \\ud800 \\\ud83d\ude00","id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"echo","params":["\ud83d\ude00 \\ud800 \\\ud83d\ude00"],"id":1}"""));
    }

    [Fact]
    public async Task InvalidUtf8IsAParseErrorOverHttp()
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        var body = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"ping","id":"X"}""");
        body[Array.IndexOf(body, (byte)'X')] = 0xFF;
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint) { Content = new ByteArrayContent(body) };
        request.Content.Headers.ContentType = new("application/json");
        using var response = await client.SendAsync(request);
        JsonAssert.Equal(ParseError, await response.Content.ReadAsStringAsync());
    }
}
