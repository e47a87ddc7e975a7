using Microsoft.Extensions.Primitives;

namespace OrleansRpc.Gateway.WebSockets.Compression;

/// <summary>
/// Reads a client's <c>Sec-WebSocket-Extensions</c> offers and accepts the first permessage-deflate offer
/// it can honour (RFC 7692 §7.1). The answer always holds <c>server_no_context_takeover</c>: every server
/// message is compressed on its own, so a group notification is compressed once and its bytes go to every
/// member, and the client need not keep a window for the server's messages.
/// </summary>
internal static class DeflateNegotiation
{
    public const string ExtensionName = "permessage-deflate";

    private const string ServerNoContextTakeover = "server_no_context_takeover";
    private const string ClientNoContextTakeover = "client_no_context_takeover";
    private const string ServerMaxWindowBits = "server_max_window_bits";
    private const string ClientMaxWindowBits = "client_max_window_bits";

    /// <param name="offers">The request's <c>Sec-WebSocket-Extensions</c> values.</param>
    /// <param name="allowClientContextTakeover">
    /// False answers <c>client_no_context_takeover</c> even when the client did not offer it (§7.1.1.2),
    /// so that no connection keeps an inflater between messages.
    /// </param>
    /// <param name="response">The <c>Sec-WebSocket-Extensions</c> value to answer with.</param>
    /// <returns>False when no offer is for permessage-deflate or none is valid: the connection goes uncompressed.</returns>
    public static bool TryAgree(StringValues offers, bool allowClientContextTakeover, out DeflateAgreement agreement, out string response)
    {
        foreach (var value in offers)
        {
            if (value is null)
            {
                continue;
            }

            foreach (var offer in value.Split(','))
            {
                if (TryAccept(offer, allowClientContextTakeover, out agreement, out response))
                {
                    return true;
                }
            }
        }

        agreement = default;
        response = "";
        return false;
    }

    /// <summary>
    /// One offer: the extension's name, then parameters after semicolons. An unknown parameter, one given
    /// twice, or a value out of range declines the offer (§7.1: the server must then not accept it).
    /// </summary>
    private static bool TryAccept(string offer, bool allowClientContextTakeover, out DeflateAgreement agreement, out string response)
    {
        agreement = default;
        response = "";
        var parts = offer.Split(';');
        if (!string.Equals(parts[0].Trim(), ExtensionName, StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var serverNoContextTakeover = false;
        var clientNoContextTakeover = false;
        int? serverMaxWindowBits = null;
        var clientMaxWindowBits = false;
        for (var i = 1; i < parts.Length; i++)
        {
            var parameter = parts[i];
            var equals = parameter.IndexOf('=');
            var name = (equals < 0 ? parameter : parameter[..equals]).Trim();
            var value = equals < 0 ? null : Unquote(parameter[(equals + 1)..].Trim());
            switch (name.ToLowerInvariant())
            {
                case ServerNoContextTakeover when value is null && !serverNoContextTakeover:
                    serverNoContextTakeover = true;
                    break;
                case ClientNoContextTakeover when value is null && !clientNoContextTakeover:
                    clientNoContextTakeover = true;
                    break;
                case ServerMaxWindowBits when serverMaxWindowBits is null && TryReadWindowBits(value, out var bits):
                    serverMaxWindowBits = bits;
                    break;

                // A hint of the window the client compresses with: any fits the server's 32 KiB inflater,
                // so the answer leaves it out (§7.1.2.2).
                case ClientMaxWindowBits when !clientMaxWindowBits && (value is null || TryReadWindowBits(value, out _)):
                    clientMaxWindowBits = true;
                    break;
                default:
                    return false;
            }
        }

        var clientContextTakeover = allowClientContextTakeover && !clientNoContextTakeover;
        agreement = new DeflateAgreement(clientContextTakeover, serverMaxWindowBits ?? DeflateAgreement.MaxWindowBits);
        response = ExtensionName + "; " + ServerNoContextTakeover
            + (clientContextTakeover ? "" : "; " + ClientNoContextTakeover)
            + (serverMaxWindowBits is { } accepted ? $"; {ServerMaxWindowBits}={accepted}" : "");
        return true;
    }

    /// <summary>§7.1.2.1: a decimal from 8 to 15, without leading zeros.</summary>
    private static bool TryReadWindowBits(string? value, out int bits)
    {
        bits = 0;
        if (value is not { Length: 1 or 2 } || value[0] == '0' || !int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out bits))
        {
            return false;
        }

        return bits is >= 8 and <= DeflateAgreement.MaxWindowBits;
    }

    /// <summary>A parameter's value may be a quoted string holding a token (§7.1).</summary>
    private static string Unquote(string value) =>
        value.Length >= 2 && value[0] == '"' && value[^1] == '"' ? value[1..^1] : value;
}
