using Microsoft.AspNetCore.Http;
using Orleans;
using OrleansRpc.Sessions;

namespace OrleansRpc.Gateway.Sessions;

/// <summary>
/// The browser session as the host's own endpoints see it. <see cref="RotateAsync"/> gives the browser a
/// new session id and moves its values there, which is what a host does when the user signs in (or out):
/// an id that someone else may have learned or planted before then is worth nothing after it.
/// </summary>
public sealed class RpcSessions
{
    private readonly SessionCookies _cookies;
    private readonly IGrainFactory _grains;

    internal RpcSessions(SessionCookies cookies, IGrainFactory grains)
    {
        _cookies = cookies;
        _grains = grains;
    }

    /// <summary>The request's session id; null when it carries none this gateway issued.</summary>
    public string? Find(HttpContext context) => _cookies.Find(context);

    /// <summary>
    /// The request's session id, starting a session in the response (call it before the response starts)
    /// when it carries none: for a host page that wants the cookie set before any call. Null when the
    /// request's address has started as many sessions this second as it may.
    /// </summary>
    public string? GetOrStart(HttpContext context) => _cookies.GetOrIssue(context);

    /// <summary>
    /// Issues a new session id in the response (call it before the response starts) and moves the old
    /// session's values to it. WebSockets opened under the old id keep it until they reconnect.
    /// </summary>
    /// <returns>The new session id.</returns>
    public async Task<string> RotateAsync(HttpContext context)
    {
        var old = _cookies.Find(context);
        var issued = _cookies.Issue(context);
        if (old is not null)
        {
            await _grains.GetGrain<ISessionGrain>(old).MoveTo(issued);
        }

        return issued;
    }
}
