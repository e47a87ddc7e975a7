using System.Net;
using System.Text;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Grains.Sessions;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Sessions;

public sealed class SessionExpiryTests
{
    [Fact]
    public async Task AnIdleSessionIsForgottenAndAnActiveOneIsNot()
    {
        var clock = new ManualClock();
        await using var server = await GatewayServer.StartAsync(services: s =>
        {
            s.AddSingleton<TimeProvider>(clock);
            s.Configure<SessionGrainOptions>(o => o.IdleTimeout = TimeSpan.FromHours(1));
        });
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });

        Assert.Contains("true", await CallAsync(browser, server, """{"jsonrpc":"2.0","method":"user_session.set","params":["k","v"],"id":1}"""));
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Contains("\"v\"", await CallAsync(browser, server, """{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":2}"""));

        // Reading it 50 minutes in kept it alive; 61 minutes of silence after that do not.
        clock.Advance(TimeSpan.FromMinutes(50));
        Assert.Contains("\"v\"", await CallAsync(browser, server, """{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":3}"""));
        clock.Advance(TimeSpan.FromMinutes(61));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":4}""", await CallAsync(browser, server, """{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":4}"""));
    }

    private static async Task<string> CallAsync(HttpClient browser, GatewayServer server, string json)
    {
        using var response = await browser.PostAsync(server.HttpEndpoint, new StringContent(json, Encoding.UTF8, "application/json"));
        return await response.Content.ReadAsStringAsync();
    }
}
