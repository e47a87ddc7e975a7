using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Gateway.Sessions;

/// <summary>
/// The browser session id: 128 random bits and an HMAC of them under the gateway's key, in an HttpOnly,
/// SameSite=Lax cookie (Secure over HTTPS), shared by the HTTP calls and WebSocket connections of one
/// browser. An id this gateway did not issue (missing, malformed, oversized or forged) is replaced by a
/// fresh one, so nobody can choose an id and have another browser's data end up under it.
/// Nor can anybody plant an id it was issued: over HTTPS the cookie is <c>__Host-</c>-prefixed, which a
/// browser accepts only from this host, over HTTPS, for the whole site (a sibling subdomain, a page over
/// plain HTTP or a narrower path cannot set it); and a request that carries the cookie twice (one of them
/// planted) gets a fresh session, since nothing tells which of the two is the browser's own.
/// </summary>
internal sealed class SessionCookies(JsonRpcOptions options)
{
    private const int RandomBytes = 16;
    private const int MacBytes = 16;
    private static readonly int s_idLength = Base64Url.GetEncodedLength(RandomBytes + MacBytes);

    // Ids already verified, so that a returning browser costs neither an HMAC nor a string per request.
    private const int MaxVerified = 100_000;

    private const int MinKeyBytes = 32;

    private readonly byte[] _key = options.SessionSigningKey switch
    {
        null => RandomNumberGenerator.GetBytes(MinKeyBytes),
        { Length: < MinKeyBytes } => throw new InvalidOperationException($"JsonRpcOptions.SessionSigningKey has {options.SessionSigningKey.Length} bytes; it needs at least {MinKeyBytes}."),
        var key => key,
    };
    private readonly ConcurrentDictionary<string, bool> _verified = new(StringComparer.Ordinal);
    private readonly string _hostOnlyName = "__Host-" + options.SessionCookieName;
    private readonly AddressRate _newSessions = new(options.MaxNewSessionsPerSecondPerAddress);
    private int _verifiedCount;

    /// <summary>
    /// The request's session id, issuing one in the response (before it starts) if it has none; null when
    /// its address has started as many sessions this second as it may
    /// (<see cref="JsonRpcOptions.MaxNewSessionsPerSecondPerAddress"/>).
    /// </summary>
    public string? GetOrIssue(HttpContext context)
    {
        if (Find(context) is { } found)
        {
            return found;
        }

        return TryIssue(context);
    }

    /// <summary>Issues a new session id in the response (before it starts) unless its address has started as many this second as it may; then null.</summary>
    public string? TryIssue(HttpContext context) =>
        _newSessions.TryAcquire(context.Connection.RemoteIpAddress) ? Issue(context) : null;

    /// <summary>The session id the request's cookie carries, when this gateway issued it and it comes once; otherwise null.</summary>
    public string? Find(HttpContext context)
    {
        if (TryFindCookie(context.Request.Headers.Cookie, CookieName(context), out var value))
        {
            if (_verified.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out var known, out _))
            {
                return known;
            }

            if (IsIssuedHere(value))
            {
                var id = value.ToString();
                Remember(id);
                return id;
            }
        }

        return null;
    }

    /// <summary>Issues a new session id in the response (before it starts), in place of any the request carried.</summary>
    public string Issue(HttpContext context)
    {
        var issued = NewId();
        context.Response.Cookies.Append(CookieName(context), issued, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        Remember(issued);
        return issued;
    }

    /// <summary>The cookie's name: <c>__Host-</c>-prefixed over HTTPS, where browsers enforce what the prefix means.</summary>
    private string CookieName(HttpContext context) =>
        context.Request.IsHttps ? _hostOnlyName : options.SessionCookieName;

    /// <summary>Finds one cookie's value in the Cookie headers without parsing the others; false when it is missing or comes more than once.</summary>
    private static bool TryFindCookie(StringValues headers, string name, out ReadOnlySpan<char> value)
    {
        var found = false;
        value = default;
        foreach (var header in headers)
        {
            var rest = header.AsSpan();
            while (!rest.IsEmpty)
            {
                var end = rest.IndexOf(';');
                var pair = (end < 0 ? rest : rest[..end]).Trim();
                rest = end < 0 ? [] : rest[(end + 1)..];
                var equals = pair.IndexOf('=');
                if (equals > 0 && pair[..equals].TrimEnd().SequenceEqual(name))
                {
                    if (found)
                    {
                        // Twice: one of them was planted (another path or subdomain), and neither is to be trusted.
                        value = default;
                        return false;
                    }

                    found = true;
                    value = pair[(equals + 1)..].TrimStart();
                }
            }
        }

        return found;
    }

    private void Remember(string id)
    {
        // Bounded: past the limit the cache starts over, and ids are verified again as they come back.
        if (Interlocked.Increment(ref _verifiedCount) > MaxVerified)
        {
            _verified.Clear();
            Interlocked.Exchange(ref _verifiedCount, 0);
        }

        _verified.TryAdd(id, true);
    }

    private string NewId()
    {
        Span<byte> bytes = stackalloc byte[RandomBytes + MacBytes];
        RandomNumberGenerator.Fill(bytes[..RandomBytes]);
        Sign(bytes[..RandomBytes], bytes[RandomBytes..]);
        return Base64Url.EncodeToString(bytes);
    }

    private bool IsIssuedHere(ReadOnlySpan<char> id)
    {
        if (id.Length != s_idLength)
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
