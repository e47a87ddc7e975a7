using System.Net;
using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>Session-keyed grains: the gateway's session cookie ties HTTP calls and WebSockets of one browser.</summary>
public sealed class SessionCookieTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Fact]
    public async Task HttpAndWebSocketWithTheSameCookieShareTheSessionGrain()
    {
        var cookies = new CookieContainer();
        using var browser = new HttpClient(new HttpClientHandler { CookieContainer = cookies });
        using var first = await PostAsync(browser, """{"jsonrpc":"2.0","method":"notes.set","params":["colour","blue"],"id":1}""");
        var setCookie = Assert.Single(first.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("orpc_session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("secure", setCookie, StringComparison.OrdinalIgnoreCase);

        using var again = await PostAsync(browser, """{"jsonrpc":"2.0","method":"notes.get","params":["colour"],"id":2}""");
        Assert.False(again.Headers.Contains("Set-Cookie"));
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"blue","id":2}""", await again.Content.ReadAsStringAsync());

        await using var socket = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await socket.ConnectAsync(o => o.Cookies = cookies);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":"blue","id":3}""", await socket.ExchangeAsync("""{"jsonrpc":"2.0","method":"notes.get","params":["colour"],"id":3}"""));
    }

    [Fact]
    public async Task AnotherBrowserHasAnotherSession()
    {
        using var one = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        using var other = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer() });
        (await PostAsync(one, """{"jsonrpc":"2.0","method":"notes.set","params":["k","mine"],"id":1}""")).Dispose();
        using var answer = await PostAsync(other, """{"jsonrpc":"2.0","method":"notes.get","params":["k"],"id":2}""");
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":2}""", await answer.Content.ReadAsStringAsync());
    }

    public static TheoryData<string> Forged => new()
    {
        "x",
        "AAAAAAAAAAAAAAAAAAAAAA==",
        "not base64 at all but long enough",
        new string('A', 43),
        "KxGIvl3q1M6tK0f9JYw7aQ0n8GdA2b3xXcVv9lPq8rE",
        new string('z', 4000),
    };

    [Theory]
    [MemberData(nameof(Forged))]
    public async Task AnIdThisGatewayDidNotIssueGetsAFreshSession(string forged)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","method":"notes.get","params":["k"],"id":1}""", Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("Cookie", "orpc_session=" + forged);
        using var response = await client.SendAsync(request);
        var issued = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        var value = issued["orpc_session=".Length..issued.IndexOf(';')];
        Assert.NotEqual(forged, value);
        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":1}""", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AnIssuedIdIsKeptAndAnAlteredOneIsReplaced()
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var first = await PostWithCookieAsync(client, null);
        var issued = first.Headers.GetValues("Set-Cookie").Single();
        var id = issued["orpc_session=".Length..issued.IndexOf(';')];

        using var kept = await PostWithCookieAsync(client, id);
        Assert.False(kept.Headers.Contains("Set-Cookie"));

        var altered = (id[0] == 'A' ? 'B' : 'A') + id[1..];
        using var replaced = await PostWithCookieAsync(client, altered);
        Assert.True(replaced.Headers.Contains("Set-Cookie"));
    }

    [Theory]
    [InlineData("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""")]
    [InlineData("""[{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1},{"jsonrpc":"2.0","method":"ping","id":2}]""")]
    [InlineData("""{"jsonrpc":"2.0","method":"no.such.method","id":1}""")]
    public async Task AnHttpCallThatNeedsNoSessionStartsNone(string body)
    {
        using var client = new HttpClient(new HttpClientHandler { UseCookies = false });
        using var stateless = await client.PostAsync(fixture.Server.HttpEndpoint, new StringContent(body, Encoding.UTF8, "application/json"));
        Assert.Equal(System.Net.HttpStatusCode.OK, stateless.StatusCode);
        Assert.False(stateless.Headers.Contains("Set-Cookie"), string.Join("; ", stateless.Headers.Select(h => h.Key)));

        // The sentinel: the same client's call that needs the session (a batch's second) gets the cookie, once.
        using var sessionful = await client.PostAsync(
            fixture.Server.HttpEndpoint,
            new StringContent("""[{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1},{"jsonrpc":"2.0","method":"notes.set","params":["k","v"],"id":2},{"jsonrpc":"2.0","method":"notes.get","params":["k"],"id":3}]""", Encoding.UTF8, "application/json"));
        var issued = Assert.Single(sessionful.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("orpc_session=", issued, StringComparison.Ordinal);
        Assert.Contains("\"result\":\"v\"", await sessionful.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AWebSocketWithoutCookieGetsOneOnTheUpgrade()
    {
        await using var socket = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
        await socket.ConnectAsync(o => o.CollectHttpResponseDetails = true);
        var client = (System.Net.WebSockets.ClientWebSocket)socket.Socket;
        Assert.Contains(client.HttpResponseHeaders!["Set-Cookie"], value => value.StartsWith("orpc_session=", StringComparison.Ordinal));
    }

    private Task<HttpResponseMessage> PostWithCookieAsync(HttpClient client, string? sessionId)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint)
        {
            Content = new StringContent("""{"jsonrpc":"2.0","method":"notes.get","params":["k"],"id":1}""", Encoding.UTF8, "application/json"),
        };
        if (sessionId is not null)
        {
            request.Headers.Add("Cookie", "orpc_session=" + sessionId);
        }

        return client.SendAsync(request);
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient client, string json) =>
        client.PostAsync(fixture.Server.HttpEndpoint, new StringContent(json, Encoding.UTF8, "application/json"));
}
