using System.Net;
using System.Text.Json;

namespace OrleansRpc.Client;

public sealed class JsonRpcClientOptions
{
    /// <summary>
    /// How params are written and results read: the web defaults (camelCase), as the gateway's own
    /// defaults; set the gateway's converters here too if it has any.
    /// </summary>
    public JsonSerializerOptions SerializerOptions { get; set; } = new(JsonSerializerDefaults.Web);

    /// <summary>The gateway's HTTP endpoint; by default the WebSocket's host with the path /rpc.</summary>
    public Uri? HttpUri { get; set; }

    /// <summary>Offered in Sec-WebSocket-Protocol.</summary>
    public IList<string> SubProtocols { get; } = ["jsonrpc"];

    /// <summary>
    /// Offer permessage-deflate: a gateway with <c>WebSocketCompression</c> on agrees, and large messages
    /// then go compressed both ways (see <see cref="JsonRpcClient.Compressed"/>). Off by default, as on the gateway.
    /// </summary>
    public bool Compression { get; set; }

    /// <summary>How long a call waits for its answer unless its own token ends it first; infinite waits for ever.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Reconnect a dropped socket, first after <see cref="ReconnectMinDelay"/>, doubling up to <see cref="ReconnectMaxDelay"/>.</summary>
    public bool Reconnect { get; set; } = true;

    public TimeSpan ReconnectMinDelay { get; set; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan ReconnectMaxDelay { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Shared by the socket and the HTTP calls, so both carry the gateway's session cookie.</summary>
    public CookieContainer Cookies { get; set; } = new();
}
