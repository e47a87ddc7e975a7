using System.Text.Json;
using Orleans;
using Orleans.Serialization.Cloning;

namespace OrleansRpc.Serialization;

/// <summary>
/// Passes a <see cref="JsonElement"/> to a grain on the same silo as it is. Orleans would copy it by
/// writing and re-reading its JSON; but an element never changes, and the gateway binds it from a copy of
/// the request's bytes (never from the pooled buffer itself), so sharing it is safe.
/// </summary>
[RegisterCopier]
public sealed class JsonElementCopier : IDeepCopier<JsonElement>
{
    public JsonElement DeepCopy(JsonElement input, CopyContext context) => input;
}
