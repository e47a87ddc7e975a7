using System.Text.Json;
using Orleans;

namespace OrleansRpc.Sessions;

/// <summary>
/// A browser session (key = the session cookie's id), shared by the HTTP calls and WebSocket connections
/// that carry the same cookie. Persisted; forgotten after a configurable idle time.
/// </summary>
public interface ISessionGrain : IGrainWithStringKey
{
    /// <summary>Stores a JSON value; a JSON null removes the key.</summary>
    Task SetValue(string key, JsonElement value);

    /// <summary>The stored value, or null when the key is not set.</summary>
    Task<JsonElement?> GetValue(string key);

    /// <summary>
    /// Moves every value to the session <paramref name="sessionId"/> and forgets them here: what the host
    /// does when it gives a browser a new session id, on sign-in for example (<c>RpcSessions.RotateAsync</c>).
    /// </summary>
    Task MoveTo(string sessionId);

    /// <summary>Takes <paramref name="values"/> in place of this session's own; the other half of <see cref="MoveTo"/>.</summary>
    Task Adopt(Dictionary<string, JsonElement> values);
}
