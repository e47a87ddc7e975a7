using System.IO.Pipelines;
using System.Security.Cryptography;
using System.Text;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Net.Http.Headers;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>
/// Answers the WebSocket handshake itself rather than through ASP.NET Core's accept, which hands back only a
/// finished WebSocket: the gateway frames its messages itself (<see cref="WebSocketOutput"/>) and needs the
/// connection's output for that. HTTP/1.1 gets the RFC 6455 §4.2.2 response; HTTP/2 (RFC 8441's extended
/// CONNECT) a 200.
/// </summary>
internal static class WebSocketUpgrade
{
    private static readonly byte[] s_acceptGuid = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"u8.ToArray();
    private static readonly StreamPipeReaderOptions s_readerLeavesOpen = new(leaveOpen: true);
    private static readonly StreamPipeWriterOptions s_writerLeavesOpen = new(leaveOpen: true);

    /// <summary>Call only when <c>context.WebSockets.IsWebSocketRequest</c>, which checked the request's headers.</summary>
    /// <param name="subProtocol">The subprotocol chosen among those the client offered, echoed in the response; null for none.</param>
    /// <param name="extensions">The extensions agreed, as <c>Sec-WebSocket-Extensions</c> answers them; null for none.</param>
    public static async Task<UpgradedConnection> AcceptAsync(HttpContext context, string? subProtocol, string? extensions)
    {
        var headers = context.Response.Headers;
        if (subProtocol is not null)
        {
            headers.SecWebSocketProtocol = subProtocol;
        }

        if (extensions is not null)
        {
            headers.SecWebSocketExtensions = extensions;
        }

        if (context.Features.Get<IHttpExtendedConnectFeature>() is { IsExtendedConnect: true } connect)
        {
            return OverStream(await connect.AcceptAsync());
        }

        headers.Connection = HeaderNames.Upgrade;
        headers.Upgrade = "websocket";
        headers.SecWebSocketAccept = AcceptKey(context.Request.Headers.SecWebSocketKey.ToString());
        var upgraded = await context.Features.GetRequiredFeature<IHttpUpgradeFeature>().UpgradeAsync();

        // Once the 101 is flushed, Kestrel's HTTP/1.1 neither reads nor writes an upgraded connection unless
        // its stream is used, so frames can be read from and written to the transport's pipes straight
        // instead of through the HTTP layer's body stream, its locks and its data-rate bookkeeping, once per
        // frame. Any other server gets pipes over the stream.
        if (HttpProtocol.IsHttp11(context.Request.Protocol) && context.Features.Get<IConnectionTransportFeature>()?.Transport is { } transport)
        {
            return new UpgradedConnection(transport.Input, transport.Output, OwnsPipes: false);
        }

        return OverStream(upgraded);
    }

    private static UpgradedConnection OverStream(Stream stream) =>
        new(PipeReader.Create(stream, s_readerLeavesOpen), PipeWriter.Create(stream, s_writerLeavesOpen), OwnsPipes: true);

    /// <summary>Base64 of the SHA-1 of the client's key followed by the protocol's fixed GUID.</summary>
    public static string AcceptKey(string key)
    {
        var input = new byte[Encoding.ASCII.GetByteCount(key) + s_acceptGuid.Length];
        var written = Encoding.ASCII.GetBytes(key, input);
        s_acceptGuid.CopyTo(input, written);
        return Convert.ToBase64String(SHA1.HashData(input));
    }
}
