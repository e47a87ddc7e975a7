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
}
