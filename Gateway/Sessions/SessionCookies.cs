using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Gateway.Sessions;

/// <summary>
/// The browser session id: 128 random bits and an HMAC of them under the gateway's key, in an HttpOnly,
/// SameSite=Lax cookie (Secure over HTTPS), shared by the HTTP calls and WebSocket connections of one
/// browser. An id this gateway did not issue (missing, malformed, oversized or forged) is replaced by a
/// fresh one, so nobody can choose an id and have another browser's data end up under it.
/// </summary>
internal sealed class SessionCookies(JsonRpcOptions options)
{
    private const int RandomBytes = 16;
    private const int MacBytes = 16;
    private static readonly int s_idLength = Base64Url.GetEncodedLength(RandomBytes + MacBytes);

    private readonly byte[] _key = options.SessionSigningKey ?? RandomNumberGenerator.GetBytes(32);

    /// <summary>The request's session id, issuing one in the response (before it starts) if it has none.</summary>
    public string GetOrIssue(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(options.SessionCookieName, out var id) && IsIssuedHere(id))
        {
            return id;
        }

        id = NewId();
        context.Response.Cookies.Append(options.SessionCookieName, id, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        return id;
    }

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes + MacBytes];
        RandomNumberGenerator.Fill(bytes[..RandomBytes]);
        Sign(bytes[..RandomBytes], bytes[RandomBytes..]);
        return Base64Url.EncodeToString(bytes);
    }

    private bool IsIssuedHere(string? id)
    {
        if (id is null || id.Length != s_idLength)
        {
            return false;
        }

        Span<byte> bytes = stackalloc byte[RandomBytes + MacBytes];
        if (Base64Url.DecodeFromChars(id, bytes, out var consumed, out var written) != System.Buffers.OperationStatus.Done
            || consumed != id.Length || written != bytes.Length)
        {
            return false;
        }

        Span<byte> expected = stackalloc byte[MacBytes];
        Sign(bytes[..RandomBytes], expected);
        return CryptographicOperations.FixedTimeEquals(expected, bytes[RandomBytes..]);
    }

    private void Sign(ReadOnlySpan<byte> random, Span<byte> mac)
    {
        Span<byte> full = stackalloc byte[HMACSHA256.HashSizeInBytes];
        HMACSHA256.HashData(_key, random, full);
        full[..MacBytes].CopyTo(mac);
    }
}
