using System.Net.Http.Headers;

namespace OrleansRpc.Tests.Infrastructure;

/// <summary>A WebSocket upgrade request sent as plain HTTP, for tests that look at a refused handshake's status, headers and reason.</summary>
public static class UpgradeRequest
{
    public static HttpRequestMessage To(Uri webSocketEndpoint)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, new UriBuilder(webSocketEndpoint) { Scheme = "http" }.Uri);
        request.Headers.Connection.Add("Upgrade");
        request.Headers.Upgrade.Add(new ProductHeaderValue("websocket"));
        request.Headers.Add("Sec-WebSocket-Version", "13");
        request.Headers.Add("Sec-WebSocket-Key", Convert.ToBase64String(new byte[16]));
        return request;
    }
}
