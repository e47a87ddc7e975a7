using System.Net;
using System.Net.Http.Headers;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>The HTTP status rules of the README's "Protocol".</summary>
public sealed class HttpTransportTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Subtract = """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""";

    [Theory]
    [InlineData("GET")]
    [InlineData("PUT")]
    [InlineData("DELETE")]
    public async Task OnlyPostIsAllowed(string method)
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        using var response = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), fixture.Server.HttpEndpoint));
        Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        Assert.Equal(["POST"], response.Content.Headers.Allow);
        Assert.Equal("JSON-RPC over HTTP takes POST requests.", await response.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("text/plain")]
    [InlineData("application/x-www-form-urlencoded")]
    [InlineData("application/xml")]
    public async Task NonJsonContentTypeIsRefused(string contentType)
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        using var response = await client.PostAsync(Subtract, contentType);
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
        Assert.StartsWith("The body must be JSON: send Content-Type: application/json", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task MissingContentTypeIsRefused()
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        var content = new ByteArrayContent("{}"u8.ToArray());
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint) { Content = content });
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=utf-8")]
    [InlineData("application/json-rpc")]
    [InlineData("application/jsonrequest")]
    [InlineData("application/vnd.example+json")]
    public async Task JsonContentTypesAreAccepted(string contentType)
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        var content = new ByteArrayContent(System.Text.Encoding.UTF8.GetBytes(Subtract));
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var response = await client.SendAsync(new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint) { Content = content });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task NotificationGets204AndNoBody()
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        using var response = await client.PostAsync("""{"jsonrpc":"2.0","method":"update","params":[1]}""");
        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Empty(await response.Content.ReadAsByteArrayAsync());
    }

    [Fact]
    public async Task ErrorsAre200()
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        using var response = await client.PostAsync("""{"jsonrpc":"2.0","method":"nope","id":1}""");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task BodyOverTheLimitIs413(bool chunked)
    {
        var body = """{"jsonrpc":"2.0","method":"echo","params":[" """ + new string('x', 1024 * 1024) + """ "],"id":1}""";
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        var content = new StreamContent(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(body)));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        if (!chunked)
        {
            content.Headers.ContentLength = System.Text.Encoding.UTF8.GetByteCount(body);
        }

        var request = new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint) { Content = content };
        request.Headers.TransferEncodingChunked = chunked;
        using var response = await client.SendAsync(request);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal($"The body is over the limit of {new JsonRpcOptions().MaxHttpBodyBytes} bytes.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task WebSocketOnlyMethodIsNotFoundOverHttp()
    {
        await using var client = new HttpRpcClient(fixture.Server.HttpEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"'ws_only' is not available over HTTP."},"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ws_only","id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"http","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"http_only","id":1}"""));
    }
}
