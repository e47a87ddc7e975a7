using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OrleansRpc.Gateway.Hosting;
using OrleansRpc.Gateway.Sessions;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Sessions;

/// <summary>Cookie attributes that the loopback tests (plain HTTP) cannot show, and key rings shared or not.</summary>
public sealed class SessionCookieIssuerTests : IDisposable
{
    private readonly DirectoryInfo _keyRing = Directory.CreateTempSubdirectory("orleansrpc-keys-");

    public void Dispose() => _keyRing.Delete(recursive: true);

    [Theory]
    [InlineData("https", true, "__Host-orpc_session")]
    [InlineData("http", false, "orpc_session")]
    public void CookieIsSecureAndHostOnlyOverHttps(string scheme, bool secure, string name)
    {
        var context = new DefaultHttpContext();
        context.Request.Scheme = scheme;
        Assert.NotNull(Cookies(new EphemeralDataProtectionProvider()).GetOrIssue(context));

        var setCookie = context.Response.Headers.SetCookie.ToString();
        Assert.StartsWith($"{name}=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Equal(secure, setCookie.Contains("secure", StringComparison.OrdinalIgnoreCase));
    }

    [Fact]
    public void GatewaysSharingTheKeyRingReadEachOthersCookiesAndOthersDoNot()
    {
        var issuing = new DefaultHttpContext();
        var id = Cookies(SharedKeyRing()).GetOrIssue(issuing);
        var cookie = issuing.Response.Headers.SetCookie.ToString().Split(';')[0];

        // Another gateway, started later, on the same key ring: the same session.
        var sameRing = new DefaultHttpContext();
        sameRing.Request.Headers.Cookie = cookie;
        Assert.Equal(id, Cookies(SharedKeyRing()).GetOrIssue(sameRing));
        Assert.Equal(0, sameRing.Response.Headers.SetCookie.Count);

        // A gateway with a key ring of its own: a fresh session, and a new cookie.
        var otherRing = new DefaultHttpContext();
        otherRing.Request.Headers.Cookie = cookie;
        Assert.NotEqual(id, Cookies(new EphemeralDataProtectionProvider()).GetOrIssue(otherRing));
        Assert.Equal(1, otherRing.Response.Headers.SetCookie.Count);
    }

    [Fact]
    public void CookiesNoKeyHereReadsGetFreshSessionsAndOneWarningAMinute()
    {
        var log = new LogCapture();
        using var logging = new LoggerFactory([log]);
        var cookies = new SessionCookies(new JsonRpcOptions(), new EphemeralDataProtectionProvider(), logging.CreateLogger<SessionCookies>());
        var madeElsewhere = new DefaultHttpContext();
        Cookies(new EphemeralDataProtectionProvider()).GetOrIssue(madeElsewhere);
        var cookie = madeElsewhere.Response.Headers.SetCookie.ToString().Split(';')[0];

        for (var i = 0; i < 3; i++)
        {
            var request = new DefaultHttpContext();
            request.Request.Headers.Cookie = i == 1 ? "orpc_session=forged" : cookie;
            Assert.NotNull(cookies.GetOrIssue(request));
            Assert.Equal(1, request.Response.Headers.SetCookie.Count);
        }

        var warning = Assert.Single(log.Entries, e => e.Level == LogLevel.Warning);
        Assert.Contains("Data Protection key", warning.Message);
    }

    private IDataProtectionProvider SharedKeyRing() => DataProtectionProvider.Create(_keyRing);

    private static SessionCookies Cookies(IDataProtectionProvider keys) =>
        new(new JsonRpcOptions(), keys, NullLogger<SessionCookies>.Instance);
}
