using System.IO.Pipelines;

namespace OrleansRpc.Gateway.WebSockets;

/// <summary>An accepted WebSocket handshake: where the client's frames come from, and where the server's go.</summary>
/// <param name="Input">Where the client's frames are read; only the connection's <see cref="WebSocketInput"/> reads it.</param>
/// <param name="Output">Where frames are written; only the connection's <see cref="WebSocketOutput"/> writes to it.</param>
/// <param name="OwnsPipes">Whether both were made here over a stream and are completed at the end, or belong to the server.</param>
internal readonly record struct UpgradedConnection(PipeReader Input, PipeWriter Output, bool OwnsPipes);
