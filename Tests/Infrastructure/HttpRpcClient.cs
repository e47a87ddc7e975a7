using System.Net;
using System.Text;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>POSTs JSON-RPC and keeps cookies as a browser would, in a jar of its own or one it shares.</summary>
public sealed class HttpRpcClient(Uri endpoint, CookieContainer? cookies = null) : RpcClient
{
    private readonly HttpClient _client = new(new SocketsHttpHandler { CookieContainer = cookies ?? new CookieContainer() })
    {
        Timeout = TimeSpan.FromSeconds(30),
    };

    public override async Task<string?> ExchangeAsync(string json, bool expectAnswer = true)
    {
        using var response = await PostAsync(json);
        if (response.StatusCode == HttpStatusCode.NoContent)
        {
            Assert.Empty(await response.Content.ReadAsByteArrayAsync());
            return null;
        }

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsStringAsync();
    }

    public Task<HttpResponseMessage> PostAsync(string body, string contentType = "application/json") =>
        _client.PostAsync(endpoint, new StringContent(body, Encoding.UTF8, contentType));

    public Task<HttpResponseMessage> SendAsync(HttpRequestMessage request) => _client.SendAsync(request);

    public override ValueTask DisposeAsync()
    {
        _client.Dispose();
        return ValueTask.CompletedTask;
    }
}
