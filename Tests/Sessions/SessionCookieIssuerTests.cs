using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Sessions;

namespace OrleansRpc.Tests.Sessions;

/// <summary>Cookie attributes that the loopback tests (plain HTTP) cannot show.</summary>
public sealed class SessionCookieIssuerTests
{
    [Theory]
    [InlineData("https", true, "__Host-orpc_session")]
    [InlineData("http", false, "orpc_session")]
    public void CookieIsSecureAndHostOnlyOverHttps(string scheme, bool secure, string name)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        var id = new SessionCookies(new JsonRpcOptions()).GetOrIssue(context);

        var setCookie = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith($"{name}={id};", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secure, setCookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void GatewaysSharingTheKeyAcceptEachOthersIds()
    {
        var key = new byte[32];
        key[0] = 7;
        var issuing = new SessionCookies(new JsonRpcOptions { SessionSigningKey = key });
        var id = issuing.GetOrIssue(new DefaultHttpContext());

        var sameKey = new DefaultHttpContext();
        sameKey.Request.Headers.Cookie = "orpc_session=" + id;
        Assert.Equal(id, new SessionCookies(new JsonRpcOptions { SessionSigningKey = key }).GetOrIssue(sameKey));

        var otherKey = new DefaultHttpContext();
        otherKey.Request.Headers.Cookie = "orpc_session=" + id;
        Assert.NotEqual(id, new SessionCookies(new JsonRpcOptions()).GetOrIssue(otherKey));
    }
}
