using System.Net.WebSockets;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// Accepts a WebSocket over a <see cref="CoalescingStream"/>. ASP.NET Core's own accept gives no way to
/// put a stream between the WebSocket and the connection, so the HTTP/1.1 handshake (RFC 6455 §4.2.2) is
/// answered here; HTTP/2 WebSockets (extended CONNECT) go through ASP.NET Core's accept, without coalescing.
/// </summary>
internal static class WebSocketUpgrade
{
    private static readonly byte[] s_acceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();

    /// <summary>Call only when <c>context.WebSockets.IsWebSocketRequest</c>, which checked the request's headers.</summary>
    public static async Task<(WebSocket Socket, CoalescingStream? Output)> AcceptAsync(HttpContext context, TimeSpan keepAliveInterval, TimeSpan keepAliveTimeout)
    {
        var upgrade = context.Features.Get<IHttpUpgradeFeature>();
        if (upgrade is not { IsUpgradableRequest: true } || context.Features.Get<IHttpExtendedConnectFeature>()?.IsExtendedConnect == true)
        {
            var socket = await context.WebSockets.AcceptWebSocketAsync(new WebSocketAcceptContext
            {
                KeepAliveInterval = keepAliveInterval,
                KeepAliveTimeout = keepAliveTimeout,
            });
            return (socket, null);
        }

        var headers = context.Response.Headers;
        headers.Connection = HeaderNames.Upgrade;
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(context.Request.Headers.SecWebSocketKey.ToString());
        var output = new CoalescingStream(await upgrade.UpgradeAsync(), context);
        var webSocket = WebSocket.CreateFromStream(output, new WebSocketCreationOptions
        {
            IsServer = true,
            KeepAliveInterval = keepAliveInterval,
            KeepAliveTimeout = keepAliveTimeout,
        });
        output.Owner = webSocket;
        return (webSocket, output);
    }

    /// <summary>Base64 of the SHA-1 of the client's key followed by the protocol's fixed GUID.</summary>
    public static string AcceptKey(string key)
    {
        var input = new byte[Encoding.ASCII.GetByteCount(key) + s_acceptGuid.Length];
        var written = Encoding.ASCII.GetBytes(key, input);
        s_acceptGuid.CopyTo(input, written);
        return Convert.ToBase64String(SHA1.HashData(input));
    }
}
