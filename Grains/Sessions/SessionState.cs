using System.Text.Json;

namespace OrleansRpc.Grains.Sessions;

public sealed class SessionState
{
    public Dictionary<string, JsonElement> Values { get; set; } = new(StringComparer.Ordinal);

    public DateTimeOffset LastAccess { get; set; }
}
