using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Sessions;

/// <summary>
/// A session id someone else chose or learned is worth nothing: a request that carries the session cookie
/// twice (one of them planted for another path or a sibling subdomain) gets a fresh session, and the host
/// gives a browser a new id on sign-in (<see cref="RpcSessions.RotateAsync"/>), its values moving along.
/// </summary>
public sealed class SessionFixationTests
{
    [Fact]
    public async Task ARequestCarryingTheSessionCookieTwiceGetsAFreshSession()
    {
        await using var server = await GatewayServer.StartAsync();
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var victim = SessionOf(await PostAsync(http, server, null, Set("victim")));
        var attacker = SessionOf(await PostAsync(http, server, null, Set("attacker")));

        foreach (var cookies in new[] { $"orpc_session={attacker}; orpc_session={victim}", $"orpc_session={victim}; orpc_session={attacker}" })
        {
            using var both = await PostAsync(http, server, cookies, Get);
            JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":2}""", await both.Content.ReadAsStringAsync());
            Assert.DoesNotContain(SessionOf(both), new[] { victim, attacker });
        }

        // Either alone is still its own session.
        Assert.Contains("victim", await (await PostAsync(http, server, $"orpc_session={victim}", Get)).Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task RotatingTheSessionMovesItsValuesToANewIdAndLeavesTheOldOneEmpty()
    {
        await using var server = await GatewayServer.StartAsync(endpoints: app =>
            app.MapPost("/signin", async (HttpContext context, RpcSessions sessions) => await sessions.RotateAsync(context)));
        using var http = new HttpClient(new SocketsHttpHandler { UseCookies = false });
        var before = SessionOf(await PostAsync(http, server, null, Set("cart")));

        using var signIn = new HttpRequestMessage(HttpMethod.Post, new Uri(server.Address, "/signin"));
        signIn.Headers.Add("Cookie", $"orpc_session={before}");
        using var signedIn = await http.SendAsync(signIn);
        signedIn.EnsureSuccessStatusCode();
        var after = SessionOf(signedIn);

        Assert.NotEqual(before, after);
        Assert.Contains("cart", await (await PostAsync(http, server, $"orpc_session={after}", Get)).Content.ReadAsStringAsync());
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":2}""", await (await PostAsync(http, server, $"orpc_session={before}", Get)).Content.ReadAsStringAsync());
    }

    private const string Get = """{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":2}""";

    private static string Set(string value) => $$"""{"jsonrpc":"2.0","method":"user_session.set","params":["k","{{value}}"],"id":1}""";

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, GatewayServer server, string? cookie, string json) =>
        CookieRequests.PostAsync(http, server.HttpEndpoint, cookie, json);

    private static string SessionOf(HttpResponseMessage response) => CookieRequests.SetCookieValue(response, "orpc_session");
}
