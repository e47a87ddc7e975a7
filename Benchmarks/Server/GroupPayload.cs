using System.Text.Json;

namespace OrleansRpc.Benchmarks.Server;

/// <summary>The shape of the JSON-RPC demo's <c>notification.notif</c> params, so both sides carry the same bytes.</summary>
internal sealed record GroupPayload(JsonElement Payload);
