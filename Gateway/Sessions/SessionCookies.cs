using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Gateway.Sessions;

/// <summary>
/// The browser session id: a random 128-bit value in an HttpOnly, SameSite=Lax cookie (Secure over
/// HTTPS), shared by the HTTP calls and WebSocket connections of one browser. A missing or malformed
/// cookie gets a fresh id.
/// </summary>
internal sealed class SessionCookies(JsonRpcOptions options)
{
    private const int IdBytes = 16;
    private static readonly int s_idLength = Base64Url.GetEncodedLength(IdBytes);

    /// <summary>The request's session id, issuing one in the response (before it starts) if it has none.</summary>
    public string GetOrIssue(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(options.SessionCookieName, out var id) && IsWellFormed(id))
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

    private static string NewId()
    {
        Span<byte> bytes = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(bytes);
        return Base64Url.EncodeToString(bytes);
    }

    private static bool IsWellFormed(string? id) =>
        id is not null && id.Length == s_idLength && Base64Url.IsValid(id, out var decoded) && decoded == IdBytes;
}
