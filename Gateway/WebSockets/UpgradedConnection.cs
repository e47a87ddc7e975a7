using System.IO.Pipelines;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>An accepted WebSocket handshake: where the client's frames come from, and where the server's go.</summary>
/// <param name="Input">The upgraded connection, read by the WebSocket.</param>
/// <param name="Output">Where frames are written; only the connection's <see cref="WebSocketOutput"/> writes to it.</param>
/// <param name="OwnsOutput">Whether <paramref name="Output"/> was made here and is completed at the end, or belongs to the server.</param>
internal readonly record struct UpgradedConnection(Stream Input, PipeWriter Output, bool OwnsOutput);
