using System.Text.Json;
using Orleans;

namespace OrleansRpc.Grains.Sessions;

[GenerateSerializer, Alias("orpc.SessionState")]
public sealed class SessionState
{
    [Id(0)]
    public Dictionary<string, JsonElement> Values { get; set; } = new(StringComparer.Ordinal);

    [Id(1)]
    public DateTimeOffset LastAccess { get; set; }
}
