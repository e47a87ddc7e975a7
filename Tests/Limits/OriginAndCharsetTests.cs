using System.Net;
using System.Text;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Limits;

/// <summary>
/// A WebSocket's Origin is the gateway's own only when it is exactly its scheme and host: user info, a
/// path, or a plain-HTTP page for a gateway served over HTTPS do not pass for it. A body in a charset other
/// than UTF-8 is refused rather than read as UTF-8.
/// </summary>
public sealed class OriginAndCharsetTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>
{
    [Theory]
    [InlineData("http://{0}", HttpStatusCode.SwitchingProtocols)]
    [InlineData("https://{0}", HttpStatusCode.SwitchingProtocols)]
    [InlineData("http://evil@{0}", HttpStatusCode.Forbidden)]
    [InlineData("http://{0}/page", HttpStatusCode.Forbidden)]
    public async Task OnlyTheGatewaysOwnOriginIsItsOwn(string origin, HttpStatusCode expected)
    {
        using var http = new HttpClient();
        using var request = UpgradeRequest.To(fixture.Server.WebSocketEndpoint);
        request.Headers.Add("Origin", string.Format(System.Globalization.CultureInfo.InvariantCulture, origin, fixture.Server.Address.Authority));

        using var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);

        Assert.Equal(expected, response.StatusCode);
    }

    [Theory]
    [InlineData("application/json; charset=utf-16", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=iso-8859-1", HttpStatusCode.UnsupportedMediaType)]
    [InlineData("application/json; charset=UTF-8", HttpStatusCode.OK)]
    [InlineData("application/json;charset=\"utf-8\"", HttpStatusCode.OK)]
    public async Task ABodyIsUtf8OrRefused(string contentType, HttpStatusCode expected)
    {
        using var http = new HttpClient();
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes("""{"jsonrpc":"2.0","method":"ping","id":1}"""));
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);

        using var response = await http.PostAsync(fixture.Server.HttpEndpoint, content);

        Assert.Equal(expected, response.StatusCode);
        if (expected == HttpStatusCode.UnsupportedMediaType)
        {
            Assert.StartsWith("The body must be UTF-8", await response.Content.ReadAsStringAsync());
        }
    }
}
