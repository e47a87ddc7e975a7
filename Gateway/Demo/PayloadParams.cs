using System.Text.Json;

namespace OrleansRpc.Demo;

/// <summary>The params of the demo's notifications: <c>{"payload": …}</c>.</summary>
public sealed record PayloadParams(JsonElement Payload);
