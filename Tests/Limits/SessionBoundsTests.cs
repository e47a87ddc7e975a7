using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Orleans;
using Orleans.Runtime;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// What one client may keep in sessions is bounded: a session's keys and values together, and, embedded,
/// how long a session nobody uses stays in the gateway's memory.
/// </summary>
public sealed class SessionBoundsTests
{
    [Theory]
    [InlineData("session")]
    [InlineData("user_session")]
    public async Task ASessionHoldsAtMostAMebibyteInAll(string kind)
    {
        await using var server = await GatewayServer.StartAsync();
        await using var client = server.Client("ws");
        var value = new string('v', 60_000);

        // 17 values of 60 kB fit in 1 MiB; the 18th does not, and replacing a value counts it once.
        for (var i = 0; i < 17; i++)
        {
            Assert.Contains("true", await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{kind}}.set","params":["k{{i:00}}","{{value}}"],"id":{{i}}}"""));
        }

        var refused = JsonNode.Parse((await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{kind}}.set","params":["k17","{{value}}"],"id":17}"""))!)!["error"]!;
        Assert.Equal(-32602, (int)refused["code"]!);
        Assert.Equal($"a session holds at most {SessionValueLimits.MaxTotalBytes} bytes of keys and values", (string)refused["data"]!["reason"]!);
        Assert.Contains("true", await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"{{kind}}.set","params":["k16","{{value}}"],"id":18}"""));
    }

    [Fact]
    public async Task EmbeddedASessionNobodyUsesGoesWithItsActivation()
    {
        await using var server = await GatewayServer.StartAsync();
        await using var browser = new HttpRpcClient(server.HttpEndpoint, new CookieContainer());
        Assert.Contains("true", await browser.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.set","params":["k","v"],"id":1}"""));
        Assert.Contains("\"v\"", await browser.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":2}"""));

        // What Orleans does to an activation idle for the session's idle timeout, now.
        await server.Services.GetRequiredService<IGrainFactory>().GetGrain<IManagementGrain>(0).ForceActivationCollection(TimeSpan.Zero);

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":3}""", await browser.ExchangeAsync("""{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":3}"""));
    }

    [Fact]
    public async Task AnAddressStartsAtMostSoManySessionsASecond()
    {
        await using var server = await GatewayServer.StartAsync(arguments: ["--JsonRpc:MaxNewSessionsPerSecondPerAddress=3"]);
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });

        // Twenty cookieless calls at once, each of which would start a session: far more than 3 a second.
        var answers = await Task.WhenAll(Enumerable.Range(0, 20).Select(async i =>
        {
            using var response = await http.PostAsync(server.HttpEndpoint, new StringContent($$"""{"jsonrpc":"2.0","method":"user_session.set","params":["k",{{i}}],"id":{{i}}}""", System.Text.Encoding.UTF8, "application/json"));
            return (Cookie: response.Headers.Contains("Set-Cookie"), Answer: JsonNode.Parse(await response.Content.ReadAsStringAsync())!);
        }));

        var started = answers.Where(a => a.Answer["result"] is not null).ToList();
        var refused = answers.Where(a => a.Answer["error"] is not null).ToList();
        Assert.InRange(started.Count, 3, 9);
        Assert.All(started, a => Assert.True(a.Cookie));
        Assert.Equal(20 - started.Count, refused.Count);
        Assert.All(refused, a =>
        {
            Assert.False(a.Cookie);
            Assert.Equal(-32003, (int)a.Answer["error"]!["code"]!);
        });
    }
}
