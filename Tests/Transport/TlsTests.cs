using System.Net;
using System.Net.Security;
using System.Net.WebSockets;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using OrleansRpc.Tests.Infrastructure;

namespace OrleansRpc.Tests.Transport;

/// <summary>
/// Both transports over TLS (https:// and wss://, the WebSocket over HTTP/1.1 and over HTTP/2 as ALPN
/// picks it), with a certificate made for the test and trusted by the clients by its thumbprint alone.
/// The gateway agrees to permessage-deflate, so the compressed handshake is tried over both versions too.
/// </summary>
public sealed class TlsTests : IAsyncLifetime
{
    private readonly X509Certificate2 _certificate = CreateCertificate();
    private GatewayServer _server = null!;

    public async Task InitializeAsync() => _server = await GatewayServer.StartAsync(
        services: s => s.Configure<KestrelServerOptions>(o => o.ConfigureHttpsDefaults(https => https.ServerCertificate = _certificate)),
        arguments: ["--urls", "https://127.0.0.1:0", "--JsonRpc:WebSocketCompression=true"]);

    public async Task DisposeAsync()
    {
        await _server.DisposeAsync();
        _certificate.Dispose();
    }

    [Fact]
    public async Task HttpsAnswersCallsAndTheSessionCookieIsSecure()
    {
        Assert.Equal("https", _server.Address.Scheme);
        using var http = new HttpClient(Trusting());

        using var response = await http.PostAsync(_server.HttpEndpoint, new StringContent("""{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":1}""", Encoding.UTF8, "application/json"));

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":1}""", await response.Content.ReadAsStringAsync());
        // __Host-: only this host, over HTTPS, for the whole site, may set it; so nobody else can plant one.
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("__Host-orpc_session=", StringComparison.Ordinal));
        Assert.Contains("secure", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/;", cookie + ";", StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("domain=", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task OverHttpsASessionCookieWithoutTheHostPrefixIsNotTaken()
    {
        using var http = new HttpClient(Trusting());
        var id = SessionIdOf(await PostAsync(http, null, """{"jsonrpc":"2.0","method":"user_session.set","params":["k","mine"],"id":1}"""));
        Assert.Contains("mine", await (await PostAsync(http, $"__Host-orpc_session={id}", """{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":2}""")).Content.ReadAsStringAsync());

        // The same id without the prefix is what a sibling subdomain or a plain-HTTP page could have set.
        using var planted = await PostAsync(http, $"orpc_session={id}", """{"jsonrpc":"2.0","method":"user_session.get","params":["k"],"id":3}""");

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":null,"id":3}""", await planted.Content.ReadAsStringAsync());
        Assert.NotEqual(id, SessionIdOf(planted));
    }

    private Task<HttpResponseMessage> PostAsync(HttpClient http, string? cookie, string json) =>
        CookieRequests.PostAsync(http, _server.HttpEndpoint, cookie, json);

    private static string SessionIdOf(HttpResponseMessage response) => CookieRequests.SetCookieValue(response, "__Host-orpc_session");

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task WssAnswersCallsAndPushes(string httpVersion)
    {
        Assert.Equal("wss", _server.WebSocketEndpoint.Scheme);
        using var invoker = new HttpMessageInvoker(Trusting());
        await using var client = await ConnectAsync(httpVersion, invoker);
        Assert.Equal(httpVersion == "2.0" ? HttpStatusCode.OK : HttpStatusCode.SwitchingProtocols, ((ClientWebSocket)client.Socket).HttpStatusCode);

        JsonAssert.Equal("""{"jsonrpc":"2.0","result":19,"id":1}""", await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"subtract","params":[42,23],"id":1}"""));
        var id = JsonNode.Parse((await client.ExchangeAsync("""{"jsonrpc":"2.0","method":"whoami","id":2}"""))!)!["result"]!["connection"]!.GetValue<string>();
        await client.SendAsync($$"""{"jsonrpc":"2.0","method":"test.push","params":["{{id}}","hello",[1,2]],"id":3}""");
        string[] received = [await client.ReceiveAsync(), await client.ReceiveAsync()];
        Assert.Contains(received, m => JsonNode.DeepEquals(JsonNode.Parse(m), JsonNode.Parse("""{"jsonrpc":"2.0","method":"hello","params":{"payload":[1,2]}}""")));
        await client.Socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, client.Socket.CloseStatus);
    }

    [Theory]
    [InlineData("1.1")]
    [InlineData("2.0")]
    public async Task WssAgreesToCompressionOverBothHttpVersions(string httpVersion)
    {
        using var invoker = new HttpMessageInvoker(Trusting());
        await using var client = await ConnectAsync(httpVersion, invoker, new WebSocketDeflateOptions { ServerContextTakeover = false });
        var socket = (ClientWebSocket)client.Socket;
        Assert.Equal("permessage-deflate; server_no_context_takeover", socket.HttpResponseHeaders!["Sec-WebSocket-Extensions"].Single());

        var text = string.Concat(Enumerable.Repeat("compressible ", 400));
        JsonAssert.Equal($$"""{"jsonrpc":"2.0","result":"{{text}}","id":1}""", await client.ExchangeAsync($$"""{"jsonrpc":"2.0","method":"echo","params":["{{text}}"],"id":1}"""));
    }

    /// <summary>A WebSocket over TLS on the HTTP version given; <paramref name="invoker"/> trusts the test certificate and must outlive it.</summary>
    private async Task<WebSocketRpcClient> ConnectAsync(string httpVersion, HttpMessageInvoker invoker, WebSocketDeflateOptions? deflate = null)
    {
        var client = new WebSocketRpcClient(_server.WebSocketEndpoint);
        await client.ConnectAsync(
            options =>
            {
                options.HttpVersion = Version.Parse(httpVersion);
                options.HttpVersionPolicy = HttpVersionPolicy.RequestVersionExact;
                options.CollectHttpResponseDetails = true;
                options.DangerousDeflateOptions = deflate;
            },
            invoker);
        return client;
    }

    [Fact]
    public async Task AClientThatDoesNotTrustTheCertificateIsNotServed()
    {
        using var http = new HttpClient();

        var error = await Assert.ThrowsAsync<HttpRequestException>(() => http.PostAsync(_server.HttpEndpoint, new StringContent("{}", Encoding.UTF8, "application/json")));

        Assert.IsType<AuthenticationException>(error.InnerException);
    }

    // Trusts this test's certificate and no other, rather than turning validation off.
    private SocketsHttpHandler Trusting() => new()
    {
        UseCookies = false,
        SslOptions = new SslClientAuthenticationOptions
        {
            RemoteCertificateValidationCallback = (_, certificate, _, _) => certificate?.GetCertHashString() == _certificate.GetCertHashString(),
        },
    };

    private static X509Certificate2 CreateCertificate()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=127.0.0.1", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Loopback);
        names.AddDnsName("localhost");
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], critical: false));
        using var created = request.CreateSelfSigned(DateTimeOffset.UtcNow.AddMinutes(-5), DateTimeOffset.UtcNow.AddDays(1));
        // Through PKCS#12, so that the key goes with the certificate into Kestrel's TLS.
        return X509CertificateLoader.LoadPkcs12(created.Export(X509ContentType.Pkcs12), null);
    }
}
