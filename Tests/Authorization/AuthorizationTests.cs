using System.Text;
using System.Text.Json.Nodes;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Authorization;

/// <summary>The host's authentication fills the user; [JsonRpcAuthorize]/[Authorize] refuse calls with -32001.</summary>
public sealed class AuthorizationTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    private const string AuthenticationRequired = """{"jsonrpc":"2.0","error":{"code":-32001,"message":"Unauthorized","data":"Authentication is required."},"id":1}""";
    private const string NotAllowed = """{"jsonrpc":"2.0","error":{"code":-32001,"message":"Unauthorized","data":"This user may not call this method."},"id":1}""";

    public static TheoryData<string, string?, string, string> Cases => new()
    {
        { "http", null, "secret", AuthenticationRequired },
        { "ws", null, "secret", AuthenticationRequired },
        { "http", "alice", "secret", """{"jsonrpc":"2.0","result":"42","id":1}""" },
        { "ws", "alice", "secret", """{"jsonrpc":"2.0","result":"42","id":1}""" },
        { "http", null, "admin.status", AuthenticationRequired },
        { "ws", "alice", "admin.status", NotAllowed },
        { "http", "alice;user", "admin.status", NotAllowed },
        { "ws", "alice;ops", "admin.status", """{"jsonrpc":"2.0","result":"ok for alice","id":1}""" },
        { "http", "bob;admin", "admin.status", """{"jsonrpc":"2.0","result":"ok for bob","id":1}""" },
        { "ws", null, "admin.public", """{"jsonrpc":"2.0","result":"open","id":1}""" },
        { "http", "carol;admin", "admin.adult", NotAllowed },
        { "ws", "carol;user;adult", "admin.adult", NotAllowed },
        { "http", "carol;admin;adult", "admin.adult", """{"jsonrpc":"2.0","result":"adult","id":1}""" },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task CallsAreAuthorizedPerMethod(string transport, string? user, string method, string expected)
    {
        var answer = await CallAsync(transport, user, $$"""{"jsonrpc":"2.0","method":"{{method}}","id":1}""", expectAnswer: true);
        JsonAssert.Equal(expected, answer);
    }

    [Theory]
    [InlineData("http", null, "anonymous")]
    [InlineData("ws", "dave", "dave")]
    public async Task WhoAmISeesTheAuthenticatedUser(string transport, string? user, string expected)
    {
        var answer = JsonNode.Parse((await CallAsync(transport, user, """{"jsonrpc":"2.0","method":"whoami","id":1}""", expectAnswer: true))!)!;
        Assert.Equal(expected, answer["result"]!["user"]?.GetValue<string>() ?? "anonymous");
    }

    [Fact]
    public async Task ARefusedNotificationDoesNotRunAndIsNotAnswered()
    {
        var barriers = fixture.Server.Services.GetBarriers();
        var refused = Guid.NewGuid().ToString("N");
        Assert.Null(await CallAsync("ws", "eve", $$"""{"jsonrpc":"2.0","method":"admin.poke","params":["{{refused}}"]}""", expectAnswer: false));
        var allowed = Guid.NewGuid().ToString("N");
        Assert.Null(await CallAsync("ws", "eve;admin", $$"""{"jsonrpc":"2.0","method":"admin.poke","params":["{{allowed}}"]}""", expectAnswer: false));
        await barriers.WaitAsync(allowed);
        Assert.False(barriers.Get(refused).Task.IsCompleted);
    }

    private async Task<string?> CallAsync(string transport, string? user, string json, bool expectAnswer)
    {
        if (transport == "ws")
        {
            await using var socket = new WebSocketRpcClient(fixture.Server.WebSocketEndpoint);
            await socket.ConnectAsync(o =>
            {
                if (user is not null)
                {
                    o.SetRequestHeader(TestAuthenticationHandler.Header, user);
                }
            });
            return await socket.ExchangeAsync(json, expectAnswer);
        }

        using var client = new HttpClient();
        using var request = new HttpRequestMessage(HttpMethod.Post, fixture.Server.HttpEndpoint) { Content = new StringContent(json, Encoding.UTF8, "application/json") };
        if (user is not null)
        {
            request.Headers.Add(TestAuthenticationHandler.Header, user);
        }

        using var response = await client.SendAsync(request);
        Assert.Equal(System.Net.HttpStatusCode.OK, response.StatusCode);
        return await response.Content.ReadAsStringAsync();
    }
}
