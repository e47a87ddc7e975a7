using System.Buffers.Text;
using System.Collections.Concurrent;
using System.Security.Cryptography;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Primitives;
using OrleansRpc.Gateway.Connections;
using OrleansRpc.Gateway.Hosting;

namespace OrleansRpc.Gateway.Sessions;

/// <summary>
/// The browser session: a random 128-bit id (the session grain's key), protected with ASP.NET Core Data
/// Protection in an HttpOnly, SameSite=Lax cookie (Secure over HTTPS), shared by the HTTP calls and WebSocket
/// connections of one browser. Gateways that share the key ring (on Redis in cluster mode, GatewayApplication)
/// read each other's cookies with no setting at all. A cookie no key here can read (missing, malformed,
/// forged, or made under a key no node has) is replaced by a fresh session, so nobody can choose an id and
/// have another browser's data end up under it; an unreadable one is logged, at most once a minute.
/// Nor can anybody plant an id it was issued: over HTTPS the cookie is <c>__Host-</c>-prefixed, which a
/// browser accepts only from this host, over HTTPS, for the whole site (a sibling subdomain, a page over
/// plain HTTP or a narrower path cannot set it); and a request that carries the cookie twice (one of them
/// planted) gets a fresh session, since nothing tells which of the two is the browser's own.
/// </summary>
internal sealed class SessionCookies(JsonRpcOptions options, IDataProtectionProvider dataProtection, ILogger<SessionCookies> logger)
{
    /// <summary>The Data Protection purpose of session cookies: a key ring shared with other uses cannot read them as its own.</summary>
    public const string Purpose = "OrleansRpc.Sessions.v1";

    private const int IdBytes = 16;

    // A protected 16-byte id is about 100 bytes, 134 characters in base64url; anything much longer is not one.
    private const int MaxCookieLength = 512;

    // Cookies already read, with their ids, so that a returning browser costs neither a decryption nor a string per request.
    private const int MaxVerified = 100_000;

    private static readonly TimeSpan s_unreadableLogPeriod = TimeSpan.FromMinutes(1);

    private readonly IDataProtector _protector = dataProtection.CreateProtector(Purpose);
    private readonly ConcurrentDictionary<string, string> _verified = new(StringComparer.Ordinal);
    private readonly string _hostOnlyName = "__Host-" + options.SessionCookieName;
    private readonly AddressRate _newSessions = new(options.MaxNewSessionsPerSecondPerAddress);
    private int _verifiedCount;
    private long _unreadable;
    private long _unreadableLoggedAt = -(long)s_unreadableLogPeriod.TotalMilliseconds - 1;

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

    /// <summary>The session id the request's cookie carries, when a key here reads it and it comes once; otherwise null.</summary>
    public string? Find(HttpContext context)
    {
        if (!TryFindCookie(context.Request.Headers.Cookie, CookieName(context), out var value))
        {
            return null;
        }

        if (_verified.GetAlternateLookup<ReadOnlySpan<char>>().TryGetValue(value, out _, out var known))
        {
            return known;
        }

        if (Read(value) is not { } id)
        {
            return null;
        }

        Remember(value.ToString(), id);
        return id;
    }

    /// <summary>Issues a new session id in the response (before it starts), in place of any the request carried.</summary>
    public string Issue(HttpContext context)
    {
        Span<byte> random = stackalloc byte[IdBytes];
        RandomNumberGenerator.Fill(random);
        var id = Base64Url.EncodeToString(random);
        var cookie = Base64Url.EncodeToString(_protector.Protect(random.ToArray()));
        context.Response.Cookies.Append(CookieName(context), cookie, new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Lax,
            Secure = context.Request.IsHttps,
            Path = "/",
            IsEssential = true,
        });
        Remember(cookie, id);
        return id;
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

    private void Remember(string cookie, string id)
    {
        // Bounded: past the limit the cache starts over, and cookies are read again as they come back.
        if (Interlocked.Increment(ref _verifiedCount) > MaxVerified)
        {
            _verified.Clear();
            Interlocked.Exchange(ref _verifiedCount, 0);
        }

        _verified.TryAdd(cookie, id);
    }

    /// <summary>The id a cookie protects, or null when no key here reads it.</summary>
    private string? Read(ReadOnlySpan<char> cookie)
    {
        if (cookie.Length > MaxCookieLength)
        {
            Unreadable(null);
            return null;
        }

        byte[] payload;
        try
        {
            payload = Base64Url.DecodeFromChars(cookie);
        }
        catch (FormatException)
        {
            Unreadable(null);
            return null;
        }

        try
        {
            var random = _protector.Unprotect(payload);
            return random.Length == IdBytes ? Base64Url.EncodeToString(random) : null;
        }
        catch (CryptographicException ex)
        {
            Unreadable(ex);
            return null;
        }
    }

    /// <summary>
    /// One line a minute at most, whoever sends them: a cookie made under a key no node here has (a key ring
    /// that is not shared) looks, to each request, like a forged one, and either gets a fresh session.
    /// </summary>
    private void Unreadable(Exception? exception)
    {
        var count = Interlocked.Increment(ref _unreadable);
        var now = Environment.TickCount64;
        var last = Interlocked.Read(ref _unreadableLoggedAt);
        if (now - last < (long)s_unreadableLogPeriod.TotalMilliseconds || Interlocked.CompareExchange(ref _unreadableLoggedAt, now, last) != last)
        {
            return;
        }

        Interlocked.Exchange(ref _unreadable, 0);
        logger.LogWarning(
            "{Count} session cookie(s) could not be read in the last minute and got a fresh session: made under a Data Protection key this node does not have (Gateways that share sessions must share the key ring, which GatewayApplication keeps in Redis in cluster mode), or forged. {Reason}",
            count,
            exception?.Message ?? "Not a protected payload.");
    }
}
