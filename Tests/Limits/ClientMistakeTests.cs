using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// What a client gets wrong is its own error, -32602, and costs the server no error log: a null where the
/// interface takes no null, arithmetic past 64 bits, a demo group name that belongs to the chat.
/// </summary>
public sealed class ClientMistakeTests
{
    [Theory]
    [InlineData("http")]
    [InlineData("ws")]
    public async Task NullForANonNullableParameterIsInvalidParamsAndLogsNoError(string transport)
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        await using var client = server.Client(transport);

        JsonAssert.Equal(
            """{"jsonrpc":"2.0","error":{"code":-32602,"message":"Invalid params","data":{"parameter":"key","reason":"'key' must not be null"}},"id":1}""",
            await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"session.set","params":[null,1],"id":1}"""));

        // The sentinel's answer comes after anything the first call would have logged.
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));
        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Warning && e.Category.StartsWith("OrleansRpc", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"subtract","params":[-9223372036854775808,1],"id":1}""", "subtrahend")]
    [InlineData("""{"jsonrpc":"2.0","method":"sum","params":[9223372036854775807,1],"id":1}""", "values")]
    public async Task ArithmeticPast64BitsIsInvalidParams(string request, string parameter)
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client("http");

        var error = JsonNode.Parse((await client.ExchangeAsync(request))!)!["error"]!;

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Equal(parameter, (string)error["data"]!["parameter"]!);
    }

    [Theory]
    [InlineData("group.join")]
    [InlineData("group.send")]
    public async Task TheDemosGroupMethodsCannotReachTheChatsRooms(string method)
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client("ws");
        var @params = method == "group.send" ? """["chat.lobby",{"text":"spam"}]""" : """["chat.lobby"]""";

        var error = JsonNode.Parse((await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{method}}","params":{{@params}},"id":1}"""))!)!["error"]!;

        Assert.Equal(-32602, (int)error["code"]!);
        Assert.Equal("name", (string)error["data"]!["parameter"]!);
    }

    [Theory]
    [InlineData("zz")]
    [InlineData("ffffffffffffffffff")]
    public async Task ABrokenChunkedBodyIs400AndNoErrorInTheLog(string chunkSize)
    {
        var log = new LogCapture();
        await using var server = await GatewayServer.StartAsync(services: s => s.AddSingleton<ILoggerProvider>(log));
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(server.HttpEndpoint.Host, server.HttpEndpoint.Port);
        var stream = tcp.GetStream();

        await stream.WriteAsync(System.Text.Encoding.ASCII.GetBytes($"POST /rpc HTTP/1.1\r\nHost: {server.HttpEndpoint.Authority}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunkSize}\r\n{{}}\r\n0\r\n\r\n"));
        using var reader = new StreamReader(stream);
        var status = await reader.ReadLineAsync().WaitAsync(TimeSpan.FromSeconds(10));

        Assert.StartsWith("HTTP/1.1 400", status);
        await using (var bystander = server.Client("http"))
        {
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":"pong","id":2}""", await bystander.ExchangeAsync("""{"jsonrpc":"2.0","method":"ping","id":2}"""));
        }

        Assert.DoesNotContain(log.Entries, e => e.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task TheChatPageMayNotBeFramedNorSniffedNorLoadOtherOrigins()
    {
        await using var server = await GatewayServer.StartAsync();
        using var http = new HttpClient();

        using var page = await http.GetAsync(server.Address);

        page.EnsureSuccessStatusCode();
        Assert.Equal("nosniff", Assert.Single(page.Headers.GetValues("X-Content-Type-Options")));
        var policy = Assert.Single(page.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("frame-ancestors 'none'", policy);
        Assert.Contains("default-src 'self'", policy);
    }
}
