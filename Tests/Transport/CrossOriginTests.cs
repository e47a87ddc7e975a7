using System.Net;
using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// POST /rpc from a page of another origin: no CORS unless JsonRpcOptions.AllowedOrigins lists the origin
/// (the same list that lets it open a WebSocket); then ASP.NET Core's CORS answers the preflight.
/// </summary>
public sealed class CrossOriginTests
{
    private const string App = "https://app.example";
    private const string Call = """{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}""";
    private const string Answer = """{"jsonrpc":"2.0","result":19,"id":1}""";

    [Fact]
    public async Task WithNoOriginListedNoOriginIsAllowed()
    {
        await using var server = await GatewayServer.StartAsync();
        using var http = new HttpClient { BaseAddress = server.Address };

        using var preflight = await http.SendAsync(Preflight(App));
        using var post = await http.SendAsync(Post(App));

        Assert.False(preflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(post.Headers.Contains("Access-Control-Allow-Origin"));
        // The server still answers what it is sent: a browser withholds the answer from the page.
        JsonAssert.Equal(Answer, await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task AListedOriginGetsItsPreflightAnsweredAndMayReadAnswers()
    {
        await using var server = await GatewayServer.StartAsync(arguments: [$"--JsonRpc:AllowedOrigins:0={App}/"]);
        using var http = new HttpClient { BaseAddress = server.Address };

        using var preflight = await http.SendAsync(Preflight(App));
        Assert.Equal(HttpStatusCode.NoContent, preflight.StatusCode);
        Assert.Equal(App, Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Origin")));
        Assert.Equal("true", Assert.Single(preflight.Headers.GetValues("Access-Control-Allow-Credentials")));
        Assert.Contains("POST", preflight.Headers.GetValues("Access-Control-Allow-Methods"));
        Assert.Contains("Content-Type", preflight.Headers.GetValues("Access-Control-Allow-Headers"), StringComparer.OrdinalIgnoreCase);
        Assert.Equal("600", Assert.Single(preflight.Headers.GetValues("Access-Control-Max-Age")));

        using var post = await http.SendAsync(Post(App));
        Assert.Equal(App, Assert.Single(post.Headers.GetValues("Access-Control-Allow-Origin")));
        JsonAssert.Equal(Answer, await post.Content.ReadAsStringAsync());

        using var otherPreflight = await http.SendAsync(Preflight("https://evil.example"));
        using var otherPost = await http.SendAsync(Post("https://evil.example"));
        Assert.False(otherPreflight.Headers.Contains("Access-Control-Allow-Origin"));
        Assert.False(otherPost.Headers.Contains("Access-Control-Allow-Origin"));
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/rpc");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "POST");
        request.Headers.Add("Access-Control-Request-Headers", "content-type");
        return request;
    }

    private static HttpRequestMessage Post(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, "/rpc") { Content = new StringContent(Call, Encoding.UTF8, "application/json") };
        request.Headers.Add("Origin", origin);
        return request;
    }
}
