using System.Net;
using System.Net.Http.Headers;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>The WebSocket rules of the README's "Protocol" and "Limits".</summary>
public sealed class WebSocketTransportTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string Subtract = """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""";
    private const string SubtractAnswer = """{"jsonrpc":"2.0","result":19,"id":1}""";

    [Fact]
    public async Task PerTransportMethods()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"ws","id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ws_only","id":1}"""));
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32601,"message":"Method not found","data":"'http_only' is not available over WebSocket."},"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"http_only","id":1}"""));
    }

    [Fact]
    public async Task BinaryFrameGetsAnErrorAndTheConnectionSurvives()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.SendAsync(Encoding.UTF8.GetBytes(Subtract), WebSocketMessageType.Binary);
        JsonAssert.Equal("""{"jsonrpc":"2.0","error":{"code":-32600,"message":"Invalid Request"},"id":null}""", await client.ReceiveAsync());
        JsonAssert.Equal(SubtractAnswer, await client.ExchangeAsync(Subtract));
    }

    [Fact]
    public async Task FragmentedMessageIsReassembled()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.ConnectAsync();
        var bytes = Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"echo","params":[" """ + new string('y', 20_000) + """ "],"id":1}""");
        for (var offset = 0; offset < bytes.Length; offset += 1000)
        {
            var count = Math.Min(1000, bytes.Length - offset);
            await client.Socket.SendAsync(bytes.AsMemory(offset, count), WebSocketMessageType.Text, offset + count == bytes.Length, CancellationToken.None);
        }

        var answer = JsonNode.Parse(await client.ReceiveAsync())!;
        Assert.Equal(20_002, answer["result"]!.GetValue<string>().Length);
    }

    [Fact]
    public async Task MessageOverTheLimitCloses1009()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.ConnectAsync();
        var chunk = new byte[64 * 1024];
        chunk.AsSpan().Fill((byte)' ');
        for (var sent = 0; sent <= 1024 * 1024; sent += chunk.Length)
        {
            await client.Socket.SendAsync(chunk, WebSocketMessageType.Text, endOfMessage: false, CancellationToken.None);
        }

        var (type, _) = await client.ReceiveFrameAsync();
        Assert.Equal(WebSocketMessageType.Close, type);
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, client.Socket.CloseStatus);
    }

    [Fact]
    public async Task MessageJustUnderTheLimitIsServed()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var prefix = """{"jsonrpc":"2.0","method":"ping","id":1,"pad":" """;
        var suffix = "\"}";
        var padding = new string('p', 1024 * 1024 - prefix.Length - suffix.Length);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":1}""", await client.ExchangeAsync(prefix + padding + suffix));
    }

    [Fact]
    public async Task PipelinedRequestsAreAllAnswered()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.ConnectAsync();
        const int Count = 500;
        var sending = Task.Run(async () =>
        {
            for (var i = 0; i < Count; i++)
            {
                // Even ids complete synchronously, odd ones after a yield, so answers overtake each other.
                await client.SendAsync(i % 2 == 0
                    ? $$"""{"jsonrpc":"2.0","method":"subtract","params":[{{i}},0],"id":{{i}}}"""
                    : $$"""{"jsonrpc":"2.0","method":"test.valuetask","params":[{{i}}],"id":{{i}}}""");
            }
        });
        var seen = new HashSet<int>();
        for (var i = 0; i < Count; i++)
        {
            var answer = JsonNode.Parse(await client.ReceiveAsync())!;
            var id = answer["id"]!.GetValue<int>();
            Assert.Equal(id % 2 == 0 ? id : id * 2, answer["result"]!.GetValue<int>());
            Assert.True(seen.Add(id));
        }

        await sending;
    }

    [Fact]
    public async Task UpgradeIsRequired()
    {
        using var http = new HttpClient();
        using var response = await http.GetAsync(new UriBuilder(fixture.Server.WebSocketEndpoint) { Scheme = "http" }.Uri);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("This endpoint speaks JSON-RPC over WebSocket; POST to the HTTP endpoint instead.", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task ForeignOriginIsRefused()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var refused = await Assert.ThrowsAsync<WebSocketException>(() => client.ConnectAsync(o => o.SetRequestHeader("Origin", "http://evil.example")));
        Assert.Contains("403", refused.Message);
    }

    [Fact]
    public async Task ForeignOriginIsExplainedAndLogged()
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        using var http = new HttpClient();
        using var request = UpgradeRequest.To(server.WebSocketEndpoint);
        request.Headers.Add("Origin", "http://evil.example");

        using var response = await http.SendAsync(request);

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        var reason = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("This page's Origin may not open a WebSocket here", reason);
        Assert.DoesNotContain("evil.example", reason);

        // Logged before the answer was written, so it is there once the answer is.
        var entry = Assert.Single(log.Entries, e => e.Category.EndsWith("WebSocketRpcEndpoint", StringComparison.Ordinal));
        Assert.Equal(LogLevel.Information, entry.Level);
        Assert.Contains("Origin http://evil.example", entry.Message);
        Assert.Contains("AllowedOrigins", entry.Message);
    }

    [Fact]
    public async Task SameOriginIsAllowed()
    {
        await using var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await client.ConnectAsync(o => o.SetRequestHeader("Origin", fixture.Server.Address.GetLeftPart(UriPartial.Authority)));
        JsonAssert.Equal(SubtractAnswer, await client.ExchangeAsync(Subtract));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task ConnectionGrainIsDeactivatedWhenTheSocketEnds(bool graceful)
    {
        var client = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"test.connection","id":1}"""))!)!["result"]!.GetValue<string>();
        var deactivated = fixture.Server.Services.GetBarriers().WaitAsync("deactivated:" + id);
        Assert.False(deactivated.IsCompleted);
        if (graceful)
        {
            await client.DisposeAsync();
        }
        else
        {
            // No close frame: the TCP connection just goes away.
            client.Socket.Abort();
            client.Socket.Dispose();
        }

        await deactivated;
    }
}
